"""glossary.json: it validates against the schema published beside it and lists every term, as written
in glossary/*.yml."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.sitebuild import ROOT, project_data

SITE_URL = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_url"]
GLOSSARY = project_data().glossary


@pytest.fixture(scope="module")
def data(site: Path) -> dict:
    return json.loads((site / "glossary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(site: Path) -> Draft202012Validator:
    schema = json.loads((site / "glossary.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_glossary_json_validates_against_its_published_schema(data: dict, validator: Draft202012Validator) -> None:
    assert not _errors(validator, data), "\n".join(_errors(validator, data))
    assert validator.schema["$id"] == f"{SITE_URL}glossary.schema.json" == data["$schema"]


def test_glossary_json_lists_every_term_once_in_id_order(data: dict) -> None:
    ids = [t["id"] for t in data["terms"]]
    assert ids == sorted(GLOSSARY.terms), "glossary.json must list every term in glossary/, once, sorted by id"


def test_each_record_matches_its_yaml_file(data: dict, site: Path) -> None:
    problems = []
    for record in data["terms"]:
        t = GLOSSARY.terms[record["id"]]
        expected = {
            "term": t.term, "title": t.title, "abbreviation": t.abbr, "aliases": list(t.aliases), "practice": t.practice,
            "related": list(t.related), "tags": list(t.tags), "citations": [{"label": c.label, "url": c.url} for c in t.citations],
        }
        got = {k: record[k] for k in expected}
        if got != expected:
            problems.append(f"glossary/{t.id}.yml: glossary.json has {got}, expected {expected}")
        if record["short"]["text"] != project_data().tooltips[t.id]:
            problems.append(f"glossary/{t.id}.yml: short text differs")
        paragraphs = [p for p in t.definition.split("\n\n") if p.strip()]
        if "[[fact:" in record["short"]["text"] + record["definition"]["text"] + record["definition"]["html"]:
            problems.append(f"glossary/{t.id}.yml: glossary.json shows a [[fact:...]] instead of its number")
        if record["definition"]["html"].count("<p>") < 1 or record["definition"]["text"].count("\n\n") != len(paragraphs) - 1:
            problems.append(f"glossary/{t.id}.yml: the definition should keep its {len(paragraphs)} paragraph(s) in text and html")
        if "<" in record["definition"]["text"] or "*" in record["definition"]["text"]:
            problems.append(f"glossary/{t.id}.yml: the definition's text version still has markup")
        for url in (record["url"], record["embed"]["entry"], record["embed"]["card"]):
            rel = url[len(SITE_URL):] if url.startswith(SITE_URL) else None
            if rel is None or not (site / rel / "index.html").is_file():
                problems.append(f"glossary/{t.id}.yml: glossary.json gives {url}, which the build did not produce")
        for rid in record["related"] + [record["id"]]:
            if rid not in GLOSSARY.terms:
                problems.append(f"glossary/{t.id}.yml: unknown id {rid}")
    assert not problems, "\n".join(problems)


def test_tags_and_licence(data: dict) -> None:
    assert data["tags"] == dict(sorted(GLOSSARY.tags.items()))
    used = {tag for t in data["terms"] for tag in t["tags"]}
    assert used <= set(data["tags"])
    assert data["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["site"]["url"] in data["license"]["attribution"]


@pytest.mark.parametrize("defect", [
    "drop-short", "extra-field", "bad-id", "legal-term-without-citations", "relative-url", "html-only-definition", "wrong-major-version",
])
def test_schema_rejects_a_planted_defect(data: dict, validator: Draft202012Validator, defect: str) -> None:
    """The schema is strict enough to catch a broken file."""
    bad = copy.deepcopy(data)
    term = next(t for t in bad["terms"] if not t["practice"])
    if defect == "drop-short":
        del term["short"]
    elif defect == "extra-field":
        term["colour"] = "blue"
    elif defect == "bad-id":
        term["id"] = "Not An Id"
    elif defect == "legal-term-without-citations":
        term["citations"] = []
    elif defect == "relative-url":
        term["url"] = "glossary/iep/"
    elif defect == "html-only-definition":
        del term["definition"]["text"]
    elif defect == "wrong-major-version":
        bad["schema_version"] = "2.0.0"
    assert _errors(validator, bad), f"the schema accepted a file with the defect '{defect}'"
