"""Editors' tools: the workflow files call the documented make targets and the real site passes every
content lint (tests/test_tooling.py checks the scaffolders, the build folder and the workflows' permissions)."""
from __future__ import annotations

import re

import yaml

from tests.sitebuild import ROOT


def _make_targets(text: str) -> set[str]:
    return set(re.findall(r"\bmake ([a-z][a-z-]*)", text))


def _workflow(name: str) -> dict:
    data = yaml.load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "on" in data and "jobs" in data, f"{name} is not a workflow"
    return data


def _runs(data: dict) -> str:
    return "\n".join(step.get("run", "") for job in data["jobs"].values() for step in job.get("steps", []))


def test_workflows_call_documented_make_targets() -> None:
    readme = _make_targets((ROOT / "README.md").read_text(encoding="utf-8"))
    makefile = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    ci, deploy = _workflow("ci.yml"), _workflow("deploy.yml")
    assert "pull_request" in ci["on"]
    assert "test" in _make_targets(_runs(ci))
    assert "build" in _make_targets(_runs(deploy))
    for target in _make_targets(_runs(ci) + _runs(deploy)):
        assert target in readme, f"the workflows call `make {target}`, which README.md does not document"
        assert target in makefile, f"the workflows call `make {target}`, which the Makefile does not define"


def test_deploy_publishes_the_built_site_to_pages() -> None:
    steps = [s for job in _workflow("deploy.yml")["jobs"].values() for s in job.get("steps", [])]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site", "the Pages artifact must be the folder `make build` writes"


def test_templates_exist() -> None:
    gh = ROOT / ".github"
    assert "Reviewer's checklist" in (gh / "pull_request_template.md").read_text(encoding="utf-8")
    names = {yaml.safe_load(p.read_text(encoding="utf-8")).get("name") for p in (gh / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"}
    assert names == {"Correct a fact", "Suggest a glossary term", "Report an accessibility problem"}


