"""glossary.json: it validates against the schema published beside it (at its major version's address and
the newest's) and against the schemas of earlier releases (tests/data/), lists every term as written in
glossary/*.yml, and is the same, byte for byte, for the same glossary."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from macros.outputs import glossary_json
from macros.settings import Settings
from tests.sitebuild import ROOT, project_data

DATA = ROOT / "tests" / "data"

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


def test_glossary_json_validates_against_its_published_schema(data: dict, validator: Draft202012Validator, site: Path) -> None:
    assert not _errors(validator, data), "\n".join(_errors(validator, data))
    assert validator.schema["$id"] == f"{SITE_URL}glossary.schema.json"
    assert data["$schema"] == f"{SITE_URL}glossary.schema.1.json", "glossary.json names the schema of its major version"
    versioned = json.loads((site / "glossary.schema.1.json").read_text(encoding="utf-8"))
    assert versioned["$id"] == data["$schema"]
    assert {**versioned, "$id": None} == {**validator.schema, "$id": None}, "the two published schemas differ beyond $id"
    assert data["schema_version"] in versioned["$comment"]


def _kept(version: str) -> dict:
    return json.loads((DATA / f"glossary.schema.{version}.json").read_text(encoding="utf-8"))


def test_this_release_validates_against_the_previous_releases_schema(data: dict) -> None:
    """1.1.0 (kept in tests/data/) forbade unknown fields, so any new field breaks a strict 1.1.0 reader: the
    only errors allowed are those for the fields added since (1.2.0: generated, replaced_by; 1.3.0: es,
    documented in the schema), and 1.2.0 is forward compatible from now on (the next test)."""
    old = Draft202012Validator(_kept("1.1.0"), format_checker=Draft202012Validator.FORMAT_CHECKER)
    added = {"generated", "replaced_by", "es"}
    errors = list(old.iter_errors(data))
    unexpected = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
                  if not (e.validator == "additionalProperties" and set(e.instance) - set(e.schema.get("properties", {})) <= added)]
    assert not unexpected, "\n".join(unexpected)
    assert [e for e in errors if not e.absolute_path], "expected 1.1.0 to refuse the new top-level 'generated'"


@pytest.mark.parametrize("version", sorted(p.name[len("glossary.schema."):-len(".json")] for p in DATA.glob("glossary.schema.*.json")
                                           if tuple(map(int, p.name.split(".")[2:5])) >= (1, 2, 0)))
def test_this_release_validates_against_every_forward_compatible_schema(data: dict, version: str) -> None:
    """Every released schema from 1.2.0 on is kept in tests/data/; each later 1.x file must validate
    against each of them (a release adds a copy of its schema here)."""
    old = Draft202012Validator(_kept(version), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert not _errors(old, data), "\n".join(_errors(old, data))


def test_the_kept_copy_of_this_release_matches_the_schema(validator: Draft202012Validator) -> None:
    """tests/data/ holds this release's schema as published, for the next release to be tested against."""
    kept = _kept(glossary_json.SCHEMA_VERSION)
    assert kept == validator.schema, f"copy site/glossary.schema.json to tests/data/glossary.schema.{glossary_json.SCHEMA_VERSION}.json"


def test_unknown_fields_are_allowed_anywhere(data: dict, validator: Draft202012Validator) -> None:
    """Forward compatible: a later minor version may add fields to the file, a term or any object in it."""
    bad = copy.deepcopy(data)
    bad["colour"] = "blue"
    bad["site"]["colour"] = "blue"
    bad["license"]["colour"] = "blue"
    for term in bad["terms"]:
        term["colour"] = "blue"
        term["embed"]["colour"] = "blue"
        term["short"]["colour"] = "blue"
        for c in term["citations"]:
            c["colour"] = "blue"
    assert not _errors(validator, bad)
    assert '"additionalProperties": false' not in json.dumps(validator.schema)


def test_generated_is_the_newest_reviewed_date_and_the_file_is_reproducible(data: dict, site: Path) -> None:
    newest = max(t.reviewed for t in GLOSSARY.terms.values())
    assert data["generated"] == f"{newest}T00:00:00Z"
    spanish = json.loads((site / "es" / "glossary.json").read_text(encoding="utf-8"))
    again = glossary_json.with_translations(glossary_json.document(GLOSSARY, project_data().facts, Settings.from_file(ROOT)),
                                            {"es": spanish})
    assert (json.dumps(again, ensure_ascii=False, indent=2) + "\n").encode("utf-8") == (site / "glossary.json").read_bytes(), \
        "glossary.json must be the same, byte for byte, for the same glossary"


def test_html_fields_are_sanitized_and_say_so(data: dict, validator: Draft202012Validator) -> None:
    import re

    tags = {t for record in data["terms"] for key in ("short", "definition") for t in re.findall(r"</?([a-z0-9]+)", record[key]["html"])}
    assert tags <= glossary_json.ALLOWED_TAGS, tags
    attrs = {a for record in data["terms"] for key in ("short", "definition") for a in re.findall(r"\s([a-z-]+)=", record[key]["html"])}
    assert attrs <= {"href", "rel"}, attrs
    assert "nh3" in validator.schema["$defs"]["text"]["description"]
    hostile = ('<p onclick="x()" style="color:red">a<script>b()</script><img src="x" onerror="y()">'
               '<a href="javascript:z()">c</a><a href="https://www.ed.gov/" target="_top">d</a><iframe src="e"></iframe></p>')
    clean = glossary_json.sanitize(hostile)
    assert set(re.findall(r"</?([a-z0-9]+)", clean)) <= glossary_json.ALLOWED_TAGS, clean
    assert not re.search(r"on[a-z]+=|style=|javascript:|target=|<script|<img|<iframe", clean), clean
    assert '<a href="https://www.ed.gov/" rel="noopener">d</a>' in clean, clean


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
    "drop-short", "bad-id", "legal-term-without-citations", "relative-url", "html-only-definition", "wrong-major-version",
    "no-generated", "generated-not-a-date", "replaced-by-not-an-id",
])
def test_schema_rejects_a_planted_defect(data: dict, validator: Draft202012Validator, defect: str) -> None:
    """The schema is strict enough to catch a broken file."""
    bad = copy.deepcopy(data)
    term = next(t for t in bad["terms"] if not t["practice"])
    if defect == "drop-short":
        del term["short"]
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
    elif defect == "no-generated":
        del bad["generated"]
    elif defect == "generated-not-a-date":
        bad["generated"] = "yesterday"
    elif defect == "replaced-by-not-an-id":
        term["replaced_by"] = "Not An Id"
    assert not validator.is_valid(bad), f"the schema accepted a file with the defect '{defect}'"  # stops at the first error


def test_each_term_has_its_spanish_words(data: dict, site: Path) -> None:
    """Each term carries an "es" block: the Spanish edition's own words for it, and its Spanish entry."""
    spanish = {r["id"]: r for r in json.loads((site / "es" / "glossary.json").read_text(encoding="utf-8"))["terms"]}
    for record in data["terms"]:
        es = record["es"]
        assert es["url"] == f"{SITE_URL}es/glossary/{record['id']}/", es["url"]
        assert es["term"] == spanish[record["id"]]["term"] and es["short"] == spanish[record["id"]]["short"]
        assert (site / "es" / "glossary" / record["id"] / "index.html").is_file()
    assert data["terms"][0]["es"]["short"]["text"] != data["terms"][0]["short"]["text"], "the es block is not in Spanish"
    iep = next(r for r in data["terms"] if r["id"] == "iep")
    assert iep["es"]["title"] != iep["title"] and "IEP" in iep["es"]["title"]
