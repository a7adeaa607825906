"""Pull requests that explain themselves: CI runs the checker first (`make lint`), and in GitHub Actions it
prints each problem as an annotation on its file and line and writes a table to the job's summary.

The test plants a mistake in a copy of the small test site and runs the checker as CI does (its main(), in the
test's process: tests/test_translations.py runs `python -m checks` as a command)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.fixture import mini_project
from tests.helpers import lint
from tests.sitebuild import ROOT

PAGE = "docs/rights/consent.md"


def test_ci_runs_the_checker_before_the_tests() -> None:
    data = yaml.load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    runs = [s.get("run", "") for s in data["jobs"]["test"]["steps"]]
    lint = next(i for i, r in enumerate(runs) if re.search(r"\bmake lint\b", r))
    test = next(i for i, r in enumerate(runs) if re.search(r"\bmake test\b", r))
    assert lint < test, "CI should run `make lint` (annotations, summary) before `make test`"
    assert "$(BIN)/python -m checks" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_a_planted_mistake_becomes_an_annotation_and_a_summary_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = mini_project(tmp_path / "mini", engine=False)
    path = root / PAGE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("")
    lines.append('An {{ term("ipe") }} is a plan.')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = len(lines)
    summary = tmp_path / "summary.md"
    code, stdout = lint(root, monkeypatch, capsys, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    assert code == 1, stdout
    annotation = next((l for l in stdout.splitlines() if l.startswith("::error ")), None)
    assert annotation is not None, stdout
    assert annotation.startswith(f"::error file={PAGE},line={line}::unknown glossary term 'ipe'"), annotation
    assert "did you mean 'iep'" in annotation
    assert f"{PAGE}:{line}: unknown glossary term 'ipe'" in stdout, "the plain report line is printed too"
    table = summary.read_text(encoding="utf-8")
    assert "### Site checks: 1 problem(s)" in table
    assert "| file | line | problem |" in table and "|---|---:|---|" in table
    assert re.search(rf"^\| `{re.escape(PAGE)}` \| {line} \| unknown glossary term 'ipe'", table, re.M), table


def test_a_clean_site_writes_a_passing_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = mini_project(tmp_path / "mini", engine=False)
    summary = tmp_path / "summary.md"
    code, stdout = lint(root, monkeypatch, capsys, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    assert code == 0, stdout
    assert "::error" not in stdout
    assert "Every check passed." in summary.read_text(encoding="utf-8")
