"""Each page of the site's text starts with the attribute Material's script sets on <body> while it applies a palette.

Material's script marks <body> with `data-md-color-switching` while it applies a palette, and its palette
stylesheet turns transitions off under that mark (`[data-md-color-switching] * {transition-duration: 0s}`),
so that light and dark swap at once. It applies the palette on every page load too, and there, adding the
attribute made the browser restyle every element of the page inside the theme's start-up task (a long task
in Lighthouse's Total Blocking Time, the longer the page). Written into the page by the build, the attribute
is already there when the script sets it (the same value changes nothing), and the page loads with
transitions off until the script takes the mark away, as it does after every switch.
"""
from __future__ import annotations

ATTRIBUTE = "data-md-color-switching"
_BODY = "<body "


_PALETTE = 'data-md-component="palette"'


def mark(page: str) -> str:
    """The built page with the palette-switching attribute on its <body>, if it has Material's palette switch
    (whose script takes the attribute away); any other page is left as it is."""
    if _PALETTE not in page or _BODY not in page or f"{_BODY}{ATTRIBUTE}" in page:
        return page
    return page.replace(_BODY, f"{_BODY}{ATTRIBUTE} ", 1)
