"""Views reach hub-owned rows only through `accounts.access` (security checklist A2)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = re.compile(
    r"get_object_or_404|\.objects\.get\(|\.objects\.filter\(pk=|\.objects\.all\(\)"
)


def test_views_never_fetch_rows_by_key_on_their_own():
    offenders = []
    for path in [*ROOT.glob("*/views.py"), *ROOT.glob("*/views_*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FORBIDDEN.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
