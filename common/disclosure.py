"""Small-count suppression that subtraction cannot undo.

A count of 1 to `below - 1` is hidden (primary suppression). A hidden cell can still be worked out
when it is the only hidden cell of a line whose total is known: the 計 column, a table's other rows
for the same month, another table that counts the same consultations another way. So every line
with exactly one hidden cell gets a second one (complementary suppression): the smallest count
still shown on that line, zeros last, totals after the cells they add up. This repeats until every
line has none or at least two hidden cells. The rule is described in docs/usage-summary.md.
"""

from collections.abc import Hashable, Iterable, Sequence


def hidden_cells[K: Hashable](
    values: dict[K, int | None],
    lines: Iterable[Sequence[K]],
    *,
    below: int,
    totals: Iterable[K] = (),
) -> set[K]:
    """The cells to show as 「–」: every small count, and enough others that no line's total
    gives one away. `lines` are groups of cells whose sum is published or can be worked out
    (a line holding its own total counts the total as one of its cells). `totals` are cells
    chosen last for complementary suppression, since hiding a total loses more."""
    if below <= 1:
        return set()
    hidden = {k for k, v in values.items() if v is not None and 0 < v < below}
    if not hidden:
        return hidden
    lines = [list(line) for line in lines]
    last = set(totals)

    def cost(key: K) -> tuple[bool, bool, int]:
        value = values.get(key) or 0
        return (key in last, value == 0, value)

    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [k for k in line if k in hidden]
            if len(inside) != 1:
                continue
            shown = [k for k in line if k not in hidden and values.get(k) is not None]
            if not shown:
                continue  # a line of one cell: nothing to subtract it from
            hidden.add(min(shown, key=cost))
            changed = True
    return hidden
