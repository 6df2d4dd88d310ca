"""Complementary suppression: no hidden count can be worked out by subtraction."""

import itertools

from common.disclosure import hidden_cells
from consultations.stats import TOTAL, Table


def _one_hidden_cell_anywhere(table: Table) -> list:
    """Lines that would give a hidden cell away: exactly one hidden cell in a row (with its 計)
    or in a month's column."""
    columns = [*table.months, TOTAL]
    lines = [[(label, c) for c in columns] for label in table.labels]
    lines += [[(label, c) for label in table.labels] for c in columns]
    return [line for line in lines if sum(k in table.hidden for k in line) == 1]


def test_a_lone_small_month_is_not_given_away_by_the_total():
    # 来所: 271 in the year, December 4: hiding only December would leave 271 − 267 = 4.
    months = [(2025, m) for m in range(4, 13)] + [(2026, m) for m in range(1, 4)]
    table = Table("相談の方法別", ["来所", "電話"], months, suppress_below=5)
    for i, m in enumerate(months):
        table.cells[("来所", m)] = 4 if m == (2025, 12) else 20 + i
        table.cells[("電話", m)] = 10 + i
    (_, values, total), _ = list(table.rows())
    assert values[months.index((2025, 12))] == "–"
    shown = [v for v in values if v != "–"]
    # Another of 来所's months, or its total, is hidden too: the difference no longer tells.
    assert len(shown) < len(months) - 1 or total == "–"
    assert _one_hidden_cell_anywhere(table) == []


def test_nothing_is_hidden_without_a_small_count_and_large_counts_stay():
    months = [(2025, 4), (2025, 5)]
    table = Table("事業別", ["基本型", "特定型"], months, suppress_below=5)
    table.cells.update({("基本型", months[0]): 12, ("基本型", months[1]): 0})
    table.cells.update({("特定型", months[0]): 7, ("特定型", months[1]): 30})
    assert table.hidden == set()
    assert [v for _, v, _ in table.rows()] == [[12, 0], [7, 30]]


def test_every_line_ends_with_none_or_at_least_two_hidden():
    # All small patterns over a 3 × 3 grid with its 計 column: the invariant always holds.
    months = [(2025, 4), (2025, 5), (2025, 6)]
    for pattern in itertools.product([0, 1, 3, 9], repeat=6):
        table = Table("t", ["a", "b", "c"], months, suppress_below=4)
        for (label, m), v in zip(itertools.product("ab", months), pattern, strict=True):
            table.cells[(label, m)] = v
        table.cells.update({("c", m): 20 for m in months})
        assert _one_hidden_cell_anywhere(table) == [], pattern
        small = {k for k, v in table.cells.items() if 0 < v < 4}
        assert small <= table.hidden


def test_a_threshold_of_one_hides_nothing():
    assert hidden_cells({"a": 1, "b": 2}, [["a", "b"]], below=1) == set()


def test_totals_are_chosen_after_the_cells_they_add_up():
    values = {"a": 2, "b": 7, "c": 9, "total": 18}
    assert hidden_cells(values, [["a", "b", "c", "total"]], below=5, totals=["total"]) == {
        "a",
        "b",
    }
