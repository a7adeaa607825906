"""Scaffolded files hold 'PLACEHOLDER' text until an editor replaces it; the build stops on any left."""
from __future__ import annotations

MARK = "PLACEHOLDER"


def placeholders(where: str, text: str) -> list[str]:
    """A problem for every line of a file that still holds a placeholder, naming the file and line."""
    return [
        f"{where}:{n}: placeholder left in: '{line.strip()}'; replace it with your own text"
        for n, line in enumerate(text.splitlines(), 1) if MARK in line
    ]
