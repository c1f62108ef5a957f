"""Optimal one-to-one assignment (Hungarian algorithm) used to pair gold and predicted events.

scipy is not a dependency of eventwire; the assignment problems here are tiny (a handful of events
per article), so a 40-line O(n^3) Kuhn-Munkres with potentials is enough. Tests compare it with a
brute-force search over permutations.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["assign_min_cost", "assign_max_similarity"]

_INF = float("inf")


def _hungarian_rows_le_cols(cost: Sequence[Sequence[float]]) -> list[int]:
    """Return, for each row, its column in a minimum-cost assignment (requires rows <= cols)."""
    n, m = len(cost), len(cost[0])
    u = [0.0] * (n + 1)  # row potentials (1-based; index 0 is the virtual start)
    v = [0.0] * (m + 1)  # column potentials
    owner = [0] * (m + 1)  # owner[j] = row assigned to column j (0 = free)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [_INF] * (m + 1)
        used = [False] * (m + 1)
        while True:  # grow an alternating tree until a free column is reached
            used[j0] = True
            i0, delta, j1 = owner[j0], _INF, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j], way[j] = cur, j0
                if minv[j] < delta:
                    delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:  # flip the augmenting path
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    col_of_row = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            col_of_row[owner[j] - 1] = j - 1
    return col_of_row


def assign_min_cost(cost: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Return (row, col) pairs of a minimum-cost assignment of a rectangular matrix.

    Every row is assigned when rows <= cols, every column otherwise. Values must be finite.
    """
    if not cost or not cost[0]:
        return []
    n, m = len(cost), len(cost[0])
    if any(len(r) != m for r in cost):
        raise ValueError("cost matrix rows differ in length")
    if n <= m:
        cols = _hungarian_rows_le_cols(cost)
        return [(i, j) for i, j in enumerate(cols)]
    transposed = [[cost[i][j] for i in range(n)] for j in range(m)]
    rows = _hungarian_rows_le_cols(transposed)
    return sorted((i, j) for j, i in enumerate(rows))


def assign_max_similarity(
    sim: Sequence[Sequence[float]], threshold: float = 0.0
) -> list[tuple[int, int, float]]:
    """Return (row, col, similarity) pairs maximising total similarity, keeping pairs >= threshold."""
    if not sim or not sim[0]:
        return []
    # Pairs under the threshold are worth nothing, so they never displace a usable pair.
    pairs = assign_min_cost([[-(x if x >= threshold else 0.0) for x in row] for row in sim])
    return [(i, j, sim[i][j]) for i, j in pairs if sim[i][j] >= threshold]
