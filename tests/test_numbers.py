"""Numbers: parse_quantity grammar over text2num (codebook 6 conventions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.resolve.numbers import Quantity, parse_quantity


@pytest.mark.parametrize(
    "s, low, best, high, vague",
    [
        ("nine", 9, 9, 9, False),
        ("Nine", 9, 9, 9, False),
        ("15", 15, 15, 15, False),
        ("2,500", 2500, 2500, 2500, False),
        ("twenty-five", 25, 25, 25, False),
        ("two hundred and fifty", 250, 250, 250, False),
        ("1.5 million", 1_500_000, 1_500_000, 1_500_000, False),
        ("at least 15", 15, 15, 15, False),
        ("more than 20", 20, 20, 20, False),
        ("over 100", 100, 100, 100, False),
        ("20 or more", 20, 20, 20, False),
        ("nearly 40", 40, 40, 40, False),
        ("around 2,500", 2500, 2500, 2500, False),
        ("up to 30", 30, 30, 30, False),
        ("between 1,500 and 3,000", 1500, 1500, 3000, False),
        ("1,500-3,000", 1500, 1500, 3000, False),
        ("two to four", 2, 2, 4, False),
        ("five or six", 5, 5, 6, False),
        ("a dozen", 12, 12, 12, False),
        ("two dozen", 24, 24, 24, False),
        ("dozens", 12, 12, 12, True),
        ("dozens of", 12, 12, 12, True),
        ("tens", 10, 10, 10, True),
        ("scores", 20, 20, 20, True),
        ("hundreds", 100, 100, 100, True),
        ("thousands", 1000, 1000, 1000, True),
        ("tens of thousands", 10_000, 10_000, 10_000, True),
        ("several", 3, 3, 3, True),
        ("a few", 3, 3, 3, True),
        ("some", 3, 3, 3, True),
        ("a number of", 3, 3, 3, True),
        ("a couple of", 2, 2, 2, False),
        ("a", 1, 1, 1, False),
        ("an", 1, 1, 1, False),
        ("one", 1, 1, 1, False),
    ],
)
def test_parse_quantity(s, low, best, high, vague):
    assert parse_quantity(s) == Quantity(low, best, high, vague, s)


@pytest.mark.parametrize("s", ["", "hello", "2 km", "the soldiers", "at least", "between 5 and", "nine lives"])
def test_parse_quantity_rejects_non_quantities(s):
    assert parse_quantity(s) is None


@given(st.integers(min_value=0, max_value=10_000_000))
def test_digits_round_trip(n):
    assert parse_quantity(f"{n:,}").best == n
    assert parse_quantity(str(n)).best == n


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_ranges_keep_low_below_high(a, b):
    q = parse_quantity(f"between {a} and {b}")
    if b < a:
        assert q is None
    else:
        assert (q.low, q.best, q.high) == (a, a, b)


@given(st.text(max_size=30))
def test_never_crashes(s):
    q = parse_quantity(s)
    assert q is None or q.low <= q.best <= q.high
