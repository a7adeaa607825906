"""The "reviewed" date of a page or glossary entry: a real YYYY-MM-DD date, not in the future."""
from __future__ import annotations

import datetime as dt
import re


def reviewed_problem(value: object, today: dt.date) -> str | None:
    """What is wrong with a reviewed date (the end of an error message), or None if it is fine."""
    text = str(value)
    try:
        day = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d\d-\d\d", text) else None
    except ValueError:
        day = None
    if day is None:
        return f"'{text}' is not a real date; write it as YYYY-MM-DD, like {today.isoformat()}"
    if day > today:
        return f"{day} is in the future; use the date you last checked it (today is {today.isoformat()})"
    return None
