"""Problems found in the site's sources: one format for the build, `make lint`, the tests and CI."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from mkdocs.exceptions import PluginError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix: the file (relative to the project), the line (0: the whole file) and the message,
    which says what is wrong and how to fix it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    def annotation(self) -> str:
        """The problem as a GitHub Actions annotation, shown on the line in a pull request."""
        def esc(text: str, extra: str = "") -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            for ch in extra:
                text = text.replace(ch, {":": "%3A", ",": "%2C"}[ch])
            return text
        where = f"file={esc(self.file, ':,')}" + (f",line={self.line}" if self.line else "")
        return f"::error {where}::{esc(self.message)}"


def report(problems: Iterable[Problem]) -> str:
    """Every problem on its own line, sorted by file and line."""
    return "\n".join(str(p) for p in sorted(set(problems)))


class SiteProblems(PluginError):
    """The build stops: the sources have problems. The message lists all of them, sorted."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        n = len(self.problems)
        super().__init__(f"The site has {n} problem{'s' if n != 1 else ''} to fix before it can build:\n"
                         + "\n".join(f"  {p}" for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str], names: dict[str, str] | None = None) -> str:
    """' did you mean 'x'?' for the nearest choices, or ''. Case does not matter; `names` maps other
    names (abbreviations, aliases, lowercase) to a choice, so 'FAPE' suggests 'fape'."""
    import difflib

    choices = list(choices)
    lower = {c.lower(): c for c in choices}
    names = {k.lower(): v for k, v in (names or {}).items()}
    key = word.strip().lower()
    exact = lower.get(key) or names.get(key) or lower.get(key.replace(" ", "-"))
    near = [exact] if exact else [lower[c] for c in difflib.get_close_matches(key, list(lower), n=3, cutoff=0.6)]
    if not near:
        near = [names[c] for c in difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)]
    near = list(dict.fromkeys(near))
    return f" did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
