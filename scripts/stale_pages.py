"""List pages whose last review is older than 18 months (or a number of months given), and translations
that are missing or made from an older version of their English page (with the code to write).

  python -m scripts.stale_pages [MONTHS]
"""
from __future__ import annotations

import calendar
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.model import translations  # noqa: E402
from macros.model.site import load  # noqa: E402
from macros.settings import Settings  # noqa: E402


def cutoff(today: dt.date, months: int) -> dt.date:
    """The same day the given number of months earlier (or that month's last day: 29 Feb 2028 -> 28 Feb 2027)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def stale(months: int = 18, today: dt.date | None = None) -> list[tuple[dt.date, str]]:
    """(reviewed date, page) for every page not reviewed within the given months, oldest first."""
    limit = cutoff(today or dt.date.today(), months)
    out = []
    site, _ = load(Settings.from_file(ROOT), today or dt.date.today())
    for page in site.pages.values():
        try:
            reviewed = dt.date.fromisoformat(page.reviewed)
        except ValueError:
            continue  # the checks report a missing or impossible date
        if reviewed < limit:
            out.append((reviewed, page.file))
    return sorted(out)


def main(argv: list[str]) -> int:
    """Print the stale pages; exit 0 (a report, not a check)."""
    if argv and not (argv[0].isdigit() and 0 < int(argv[0]) < 1200):
        raise SystemExit(f"MONTHS {argv[0]!r} is not a number of months; give a whole number like 18")
    months = int(argv[0]) if argv else 18
    rows = stale(months)
    for reviewed, page in rows:
        print(f"{reviewed}  {page}")
    print(f"{len(rows)} page(s) not reviewed in {months} months")
    main_settings = Settings.from_file(ROOT)
    for edition in main_settings.other_editions:
        settings = Settings.from_config_file(ROOT, ROOT / edition.config_file)
        if settings.translation_of is None:
            continue
        late = translations.stale(settings.docs_dir, settings.translation_of)
        english = main_settings.docs_folder
        for src, made_from, now, exists in late:
            where = f"{settings.docs_folder}/{src}"
            if not exists:
                print(f"{where}  missing: translate {english}/{src}, with translated_from: {now}")
            else:
                print(f"{where}  translated from {made_from or '(no translated_from)'}, {english}/{src} is now {now}: "
                      f"bring it up to date, then set translated_from: {now}")
        print(f"{len(late)} {edition.name} translation(s) to write or bring up to date ({edition.config_file})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
