"""Scaffolded files hold 'PLACEHOLDER' text until an editor replaces it; the build stops on any left."""
from __future__ import annotations

MARK = "PLACEHOLDER"


def placeholders(text: str) -> list[tuple[int, str]]:
    """(line, message) for every line of a file that still holds a placeholder."""
    return [(n, f"placeholder left in: '{line.strip()[:80]}'; replace it with your own text")
            for n, line in enumerate(text.splitlines(), 1) if MARK in line]
