"""List pages whose last review is older than 18 months (or a number of months given).

  python -m scripts.stale_pages [MONTHS]
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.model.site import load  # noqa: E402
from macros.settings import Settings  # noqa: E402


def stale(months: int = 18, today: dt.date | None = None) -> list[tuple[dt.date, str]]:
    """(reviewed date, page) for every page not reviewed within the given months, oldest first."""
    today = today or dt.date.today()
    cutoff = today.replace(year=today.year - (months // 12))
    extra = months % 12
    if extra:
        y, m = divmod(cutoff.month - 1 - extra, 12)
        cutoff = cutoff.replace(year=cutoff.year + y, month=m + 1, day=min(cutoff.day, 28))
    out = []
    site, _ = load(Settings.from_file(ROOT), today)
    for page in site.pages.values():
        try:
            reviewed = dt.date.fromisoformat(page.reviewed)
        except ValueError:
            continue  # the checks report a missing or impossible date
        if reviewed < cutoff:
            out.append((reviewed, page.file))
    return sorted(out)


def main(argv: list[str]) -> int:
    """Print the stale pages; exit 0 (a report, not a check)."""
    months = int(argv[0]) if argv else 18
    rows = stale(months)
    for reviewed, page in rows:
        print(f"{reviewed}  {page}")
    print(f"{len(rows)} page(s) not reviewed in {months} months")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
