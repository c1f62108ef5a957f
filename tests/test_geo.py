"""The one great-circle distance function every area uses."""

from eventwire._geo import haversine_km


def test_haversine_matches_a_known_distance() -> None:
    # Baghdad to Basra is about 448 km great-circle.
    assert 440 < haversine_km(33.3152, 44.3661, 30.5085, 47.7804) < 456


def test_haversine_is_zero_for_one_point_and_symmetric() -> None:
    assert haversine_km(12.37, -1.53, 12.37, -1.53) == 0.0
    assert haversine_km(12.37, -1.53, 14.03, -1.2) == haversine_km(14.03, -1.2, 12.37, -1.53)
