"""CONTRIBUTING.md keeps up with the messages: every section a message points to exists."""
from __future__ import annotations

import re

from tests.sitebuild import ROOT


def _anchors(markdown: str) -> set[str]:
    """GitHub's ids for the headings of a Markdown file."""
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
            for h in re.findall(r"^#{1,6} (.+)$", markdown, re.M)}


def test_every_guide_section_a_message_names_exists() -> None:
    anchors = _anchors((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    named = {}
    for path in [*ROOT.glob("macros/**/*.py"), *ROOT.glob("macros/**/*.json"), *ROOT.glob("checks/*.py")]:
        for anchor in re.findall(r"CONTRIBUTING\.md#([a-z0-9-]+)", path.read_text(encoding="utf-8")):
            named.setdefault(anchor, path.relative_to(ROOT).as_posix())
    assert named, "no message points to a section of CONTRIBUTING.md"
    missing = {a: f for a, f in named.items() if a not in anchors}
    assert not missing, f"messages point to sections CONTRIBUTING.md does not have: {missing}"
