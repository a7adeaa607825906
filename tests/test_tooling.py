"""The project's tools: the build-folder guard and `make clean` lose no file, the scaffolders write what
was typed and never overwrite, the requirements are pinned with hashes, and the workflows keep least
privilege. Every make run here works in a scratch copy of the project, never in the real one."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import markdown
import pytest
import yaml
from lxml import html

from scripts import new, site_dir
from tests.sitebuild import PROJECT_PARTS, ROOT, build_and_check, project_data

FIX = "build into a folder of its own, like SITE=site (the default)"
MAKE_PARTS = ("Makefile", "requirements.txt", "requirements-bench.txt", "scripts", "macros", "docs", "glossary")


def make_copy(dest: Path, parts: tuple[str, ...] = MAKE_PARTS) -> Path:
    """A scratch copy of the parts of the project that make needs."""
    dest.mkdir(parents=True)
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def make(copy: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run make in the copy. Its .venv runs this test's Python and is marked as set up, so make installs nothing."""
    bin_dir = copy / ".venv" / "bin"
    if not bin_dir.is_dir():
        bin_dir.mkdir(parents=True)
        for name, run in (("python", ""), ("mkdocs", " -m mkdocs")):
            (bin_dir / name).write_text(f'#!/bin/sh\nexec "{sys.executable}"{run} "$@"\n', encoding="utf-8")
            (bin_dir / name).chmod(0o755)
        cksum = subprocess.run(["cksum", "requirements.txt"], cwd=copy, capture_output=True, text=True, check=True)
        (copy / ".venv" / f".installed-{cksum.stdout.split()[0]}").touch()
    return subprocess.run(["make", "-s", *args], cwd=copy, capture_output=True, text=True, env=env)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- The build folder -------------------------------------------------------------------------------

@pytest.fixture()
def fake_root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in site_dir.KEEP:
        (root / name).mkdir(parents=True)
        (root / name / "keep.txt").write_text("an editor's file", encoding="utf-8")
    (root / "README.md").write_text("# the project", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "draft.txt").write_text("not a build", encoding="utf-8")
    (root / "site" / "search").mkdir(parents=True)
    (root / "site" / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (root / "empty").mkdir()
    (root / "docs-link").symlink_to(root / "docs")
    return root


@pytest.mark.parametrize("value,message", [
    ("glossary", f"SITE=glossary is the project's glossary/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("docs", f"SITE=docs is the project's docs/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("docs/site", f"SITE=docs/site is the project's docs/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("./macros/", f"SITE=./macros/ is the project's macros/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("overrides", f"SITE=overrides is the project's overrides/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("tests", f"SITE=tests is the project's tests/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("checks", f"SITE=checks is the project's checks/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("scripts", f"SITE=scripts is the project's scripts/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("bench", f"SITE=bench is the project's bench/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    (".git", f"SITE=.git is the project's .git/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("docs-link", f"SITE=docs-link is the project's docs/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    (".", f"SITE=. is the project folder itself; MkDocs would empty it before building; {FIX}"),
    ("site/..", f"SITE=site/.. is the project folder itself; MkDocs would empty it before building; {FIX}"),
    ("..", f"SITE=.. is a folder that holds the project; MkDocs would empty it before building; {FIX}"),
    ("/", f"SITE=/ is a folder that holds the project; MkDocs would empty it before building; {FIX}"),
    ("", f"SITE is empty; {FIX}"),
    ("README.md", f"SITE=README.md is a file, not a folder; {FIX}"),
    ("notes", f"SITE=notes already holds files that no build wrote (no sitemap.xml, 404.html or search/); MkDocs would delete them; move them away or {FIX}"),
])
def test_the_guard_refuses_a_folder_a_build_would_empty(fake_root: Path, value: str, message: str) -> None:
    assert site_dir.problem(value, fake_root) == message


@pytest.mark.parametrize("value", ["site", "empty", "not-yet-built", "build/site"])
def test_the_guard_accepts_a_build_folder(fake_root: Path, value: str) -> None:
    assert site_dir.problem(value, fake_root) is None


def test_the_guard_accepts_a_build_folder_outside_the_project(fake_root: Path, tmp_path: Path) -> None:
    assert site_dir.problem(str(tmp_path / "elsewhere" / "site"), fake_root) is None


@pytest.mark.parametrize("target,value,folder", [("build", "glossary", "glossary"), ("clean", "docs", "docs"), ("build", ".", "docs")])
def test_make_refuses_a_project_folder_and_deletes_nothing(tmp_path: Path, target: str, value: str, folder: str) -> None:
    copy = make_copy(tmp_path / "copy", PROJECT_PARTS + ("Makefile", "requirements.txt", "requirements-bench.txt"))
    before = files_under(copy / folder)
    result = make(copy, target, f"SITE={value}")
    assert files_under(copy / folder) == before, f"make {target} SITE={value} changed {folder}/"
    assert result.returncode != 0, result.stdout + result.stderr
    assert problem_line(value) in result.stderr


def problem_line(value: str) -> str:
    return site_dir.problem(value, ROOT) or ""


def test_make_clean_removes_only_a_built_site_and_the_test_cache(tmp_path: Path) -> None:
    copy = make_copy(tmp_path / "copy", ("Makefile", "requirements.txt", "requirements-bench.txt", "scripts", "macros"))
    (copy / "site" / "search").mkdir(parents=True)
    for name in ("index.html", "404.html", "sitemap.xml", "search/search_index.json"):
        (copy / "site" / name).write_text("built", encoding="utf-8")
    (copy / ".pytest_cache").mkdir()
    (copy / "notes").mkdir()
    (copy / "notes" / "draft.txt").write_text("an editor's notes", encoding="utf-8")

    refused = make(copy, "clean", "SITE=notes")
    assert refused.returncode != 0
    assert f"SITE=notes already holds files that no build wrote (no sitemap.xml, 404.html or search/); MkDocs would delete them; move them away or {FIX}" in refused.stderr
    assert (copy / "notes" / "draft.txt").read_text(encoding="utf-8") == "an editor's notes"
    assert (copy / "site").is_dir() and (copy / ".pytest_cache").is_dir()

    cleaned = make(copy, "clean")
    assert cleaned.returncode == 0, cleaned.stderr
    assert cleaned.stdout == "removed: site, .pytest_cache\n"
    assert not (copy / "site").exists() and not (copy / ".pytest_cache").exists()
    assert (copy / "notes" / "draft.txt").is_file() and (copy / "scripts" / "new.py").is_file()


# --- Scaffolding ------------------------------------------------------------------------------------

HOSTILE = ["&x", "*x", "yes", "no", "null", "~", "1.5", "2026-01-05", "#x", "x #y", "a: b", '"quoted"', "it's",
           "back\\slash", "- dash", "? what", "{x}", "{ a: b }", "[x]", "!tag", "@at", "`tick`", "%pct", "|pipe", ">fold",
           "<b>bold</b>", "C#", "*[x]*", "Who pays the $500?", " spaced "]


@pytest.fixture()
def scaffold_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The scaffolders write into an empty project in tmp_path instead of the real one."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "glossary").mkdir()
    monkeypatch.setattr(new, "ROOT", tmp_path)
    return tmp_path


def front(path: Path) -> dict:
    m = re.match(r"---\n(.*?\n)---\n", path.read_text(encoding="utf-8"), re.S)
    assert m, f"{path} has no front matter"
    return yaml.safe_load(m[1])


def test_scaffolded_values_read_back_exactly(scaffold_root: Path) -> None:
    """Each value is written exactly, or refused at once by the rule the build would apply to it (a
    title is plain text, a term name has no markup characters)."""
    from macros.grammar import name_problem, text_problem

    for n, value in enumerate(HOSTILE):
        for kind, rule, make, read in (("TITLE", text_problem, new.new_page, lambda p: front(p)["title"]),
                                       ("TERM", name_problem, new.new_term, lambda p: yaml.safe_load(p.read_text(encoding="utf-8"))["term"])):
            where = f"topics/page-{n}" if kind == "TITLE" else f"term-{n}"
            if rule(value):
                with pytest.raises(SystemExit, match=re.escape(f"{kind} {value!r} {rule(value)}")):
                    make(where, value)
            else:
                assert read(make(where, value)) == value


def test_a_scaffolded_heading_shows_the_title_as_typed(scaffold_root: Path) -> None:
    from macros.grammar import text_problem

    md = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"])
    for n, value in enumerate(v for v in HOSTILE if not text_problem(v)):
        body = new.new_page(f"topics/page-{n}", value).read_text(encoding="utf-8").split("---\n", 2)[2]
        line = next(line for line in body.splitlines() if line.startswith("# "))
        assert "{" not in line and "}" not in line, f"Jinja would read the braces in {line!r}"
        h1 = html.fromstring(md.reset().convert(body)).xpath("//h1")[0].text_content()
        assert h1 == value.strip(), f"the heading of {value!r} reads {h1!r}"


@pytest.mark.parametrize("term_id", ["zz\n", "zz\r\n", "Zz", "zz_y", "-zz", "zz-", "a--b", "../zz", "zz.yml", ""])
def test_a_bad_term_id_is_refused(scaffold_root: Path, term_id: str) -> None:
    with pytest.raises(SystemExit, match=re.escape(f"ID {term_id!r} is not a valid term id; use lowercase words and dashes, like prior-written-notice")):
        new.new_term(term_id, "a term")
    assert not any((scaffold_root / "glossary").iterdir())


@pytest.mark.parametrize("page", ["../escape", "/etc/x", "docs/../../x", "a//b", "a/", "Topics/X", "-/x", "a/-", "topics/x\n", "a b", ""])
def test_a_bad_page_path_is_refused(scaffold_root: Path, page: str) -> None:
    with pytest.raises(SystemExit, match=re.escape(f"PAGE {page!r} is not a page path; use folders and a name of lowercase words and dashes inside docs/, like evaluations/my-topic")):
        new.new_page(page, "A title")
    assert not any((scaffold_root / "docs").iterdir())


def test_a_page_path_through_a_link_out_of_docs_is_refused(scaffold_root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (scaffold_root / "docs" / "away").symlink_to(outside)
    with pytest.raises(SystemExit, match=re.escape("docs/away/x.md would be written outside docs/ (a link leads out of it); choose another path")):
        new.new_page("away/x", "A title")
    assert not any(outside.iterdir())


@pytest.mark.parametrize("value,message", [
    ("a\nb", "TITLE 'a\\nb' holds a line break or control character; write it on one line"),
    ("a\u2028b", "TITLE 'a\\u2028b' holds a line break or control character; write it on one line"),
    ("{{ x }}", "TITLE '{{ x }}' holds '{{', '{%' or '{#', which the site's macros read as code; leave them out"),
    ("{# x", "TITLE '{# x' holds '{{', '{%' or '{#', which the site's macros read as code; leave them out"),
    ("  ", 'TITLE is empty; give it after the make command, like TITLE="..."'),
])
def test_a_title_that_would_break_the_page_is_refused(scaffold_root: Path, value: str, message: str) -> None:
    with pytest.raises(SystemExit, match=re.escape(message)):
        new.new_page("topics/x", value)
    assert not (scaffold_root / "docs" / "topics" / "x.md").exists()


def test_an_existing_file_is_never_overwritten(scaffold_root: Path) -> None:
    (scaffold_root / "glossary" / "iep.yml").write_text("term: the real one\n", encoding="utf-8")
    (scaffold_root / "docs" / "topics" / "x").mkdir(parents=True)
    (scaffold_root / "docs" / "topics" / "x" / "index.md").write_text("the real page\n", encoding="utf-8")
    (scaffold_root / "docs" / "topics" / "y.md").write_text("another real page\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape("glossary/iep.yml already exists; edit it instead, or choose another name")):
        new.new_term("iep", "a new term")
    with pytest.raises(SystemExit, match=re.escape("docs/topics/x/index.md already exists (the same page); edit it instead, or choose another PAGE")):
        new.new_page("topics/x", "A new page")
    with pytest.raises(SystemExit, match=re.escape("docs/topics/y.md already exists (the same page); edit it instead, or choose another PAGE")):
        new.new_page("topics/y", "A new page")
    assert (scaffold_root / "glossary" / "iep.yml").read_text(encoding="utf-8") == "term: the real one\n"
    assert (scaffold_root / "docs" / "topics" / "x" / "index.md").read_text(encoding="utf-8") == "the real page\n"
    assert (scaffold_root / "docs" / "topics" / "y.md").read_text(encoding="utf-8") == "another real page\n"
    assert not (scaffold_root / "docs" / "topics" / "x.md").exists()


def test_make_passes_what_the_editor_typed(tmp_path: Path) -> None:
    copy = make_copy(tmp_path / "copy")
    title, term = 'Who pays the $500? "a: b" \\x `y` $(shell echo no)', "it's $HOME & 'one'"
    made = make(copy, "new-page", "PAGE=zz/made", f"TITLE={title}")
    assert made.returncode == 0, made.stderr
    assert front(copy / "docs" / "zz" / "made.md")["title"] == title
    made = make(copy, "new-term", "ID=zz-made", f"TERM={term}")
    assert made.returncode == 0, made.stderr
    assert yaml.safe_load((copy / "glossary" / "zz-made.yml").read_text(encoding="utf-8"))["term"] == term


def test_make_new_term_ignores_the_terminal_type(tmp_path: Path) -> None:
    """TERM is also the terminal's name in the environment; only TERM= on the command line names a term."""
    copy = make_copy(tmp_path / "copy")
    result = make(copy, "new-term", "ID=zz-made", env={**os.environ, "TERM": "xterm-256color"})
    assert result.returncode != 0
    assert 'TERM is empty; give it after the make command, like TERM="..."' in result.stderr
    assert not (copy / "glossary" / "zz-made.yml").exists()


def test_scaffolded_files_fail_the_build_only_on_their_placeholders(project: Path, tmp_path: Path) -> None:
    """Whatever the editor typed reaches the file exactly, or is refused at once with the build's own rule
    (a term name is plain text: no '#', '\\' or braces); the build then stops on the placeholders (and
    on the rules a page meets only once it is written: the nav, its links)."""
    from macros.grammar import name_problem

    values = ["&x", "yes", "#x", "a: b", '"quoted"', "back\\slash", "- dash", "{x}", "Who pays the $500?"]
    made = []
    for n, value in enumerate(values):
        for args in (["page", f"zz/page-{n}", value], ["term", f"zz-term-{n}", value]):
            done = subprocess.run([sys.executable, "-m", "scripts.new", *args], cwd=project, capture_output=True, text=True)
            if args[0] == "term" and name_problem(value):
                assert done.returncode != 0 and "names are plain text" in done.stderr, done.stderr
                assert not (project / "glossary" / f"{args[1]}.yml").exists()
                continue
            assert done.returncode == 0, done.stderr
            made.append(f"docs/{args[1]}.md" if args[0] == "page" else f"glossary/{args[1]}.yml")
    result = build_and_check(project, tmp_path / "site")
    assert not result.ok
    assert "Traceback" not in result.output
    assert "docs/zz/page-0.md:3: placeholder left in" in result.output
    assert "glossary/zz-term-0.yml:2: placeholder left in" in result.output
    problems = [line.strip() for line in result.output.splitlines() if re.match(r"\s*(docs|glossary)/\S+:", line)]
    for path in made:
        assert any(p.startswith(f"{path}:") for p in problems), f"no placeholder problem for {path}:\n{result.output}"
    others = [p for p in problems if "PLACEHOLDER" not in p and "is not in the navigation" not in p
              and "CONTRIBUTING.md#the-page-rules" not in p]
    assert not others, "problems other than placeholders:\n" + "\n".join(others)


# --- Pinned requirements ----------------------------------------------------------------------------

def pins(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, sha256 hashes) of each requirement in a pip requirements file."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-c "):
            continue
        m = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})*)", line)
        assert m, f"{path.name}: '{line}' is not 'name==version' with sha256 hashes"
        out[re.sub(r"[-_.]+", "-", m[1]).lower()] = (m[2], re.findall(r"sha256:([0-9a-f]{64})", m[3]))
    return out


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-bench.txt"])
def test_requirements_are_pinned_with_hashes(name: str) -> None:
    locked = pins(ROOT / name)
    for package, (version, hashes) in locked.items():
        assert hashes, f"{name}: {package}=={version} has no --hash; run `make lock`"
    wanted = pins(ROOT / name.replace(".txt", ".in"))
    for package, (version, _) in wanted.items():
        assert locked.get(package, ("missing",))[0] == version, f"{name} pins {package} differently from {name.replace('.txt', '.in')}; run `make lock`"


def test_the_bench_pins_agree_with_the_site_pins() -> None:
    site, bench = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-bench.txt")
    for package in site.keys() & bench.keys():
        assert site[package] == bench[package], f"{package} is pinned or hashed differently in requirements-bench.txt"


def test_make_installs_only_hashed_files() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"^\t.*pip install.*$|^PIP\s*:=.*$", makefile, re.M)
    assert installs and all("--require-hashes" in line for line in installs if "pip-tools" not in line), installs
    assert re.search(r"^\t\$\(PIP\) -r requirements\.txt$", makefile, re.M)
    assert re.search(r"^\t\$\(PIP\) -r requirements-bench\.txt$", makefile, re.M)


# --- Workflows --------------------------------------------------------------------------------------

def workflow(name: str) -> dict:
    return yaml.load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def writes(permissions: object) -> set[str]:
    """The scopes a permissions block grants write access to ('write-all' counts as everything)."""
    if permissions in ("write-all", "write"):
        return {"*"}
    return {scope for scope, level in (permissions or {}).items() if level == "write"} if isinstance(permissions, dict) else set()


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_workflows_grant_least_privilege(name: str) -> None:
    data = workflow(name)
    assert data.get("permissions") in ({}, {"contents": "read"}), f"{name}: top-level permissions must be {{}} or contents: read"
    for job_id, job in data["jobs"].items():
        assert "permissions" in job, f"{name}: job '{job_id}' must say its permissions"
        granted = writes(job["permissions"])
        if (name, job_id) == ("deploy.yml", "deploy"):
            assert job["permissions"] == {"pages": "write", "id-token": "write"}, job["permissions"]
        else:
            assert not granted, f"{name}: job '{job_id}' may write {sorted(granted)}; only the Pages deploy job may write"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout"):
                assert step.get("with", {}).get("persist-credentials") == "false", f"{name}: {job_id} keeps the token in .git"


def test_ci_builds_once_and_keeps_the_site_for_reviewers() -> None:
    steps = workflow("ci.yml")["jobs"]["test"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    builds = [target for run in runs for target in re.findall(r"\bmake ([a-z-]+)", run) if target in ("build", "check", "test", "linkcheck")]
    assert builds == ["test"], f"CI must build the site once, with `make test` alone; it runs {builds}"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site", "the artifact must be the folder `make test` built"


def test_deploy_runs_only_after_ci_passed_on_main() -> None:
    data = workflow("deploy.yml")
    assert set(data["on"]) == {"workflow_run"}, "deploy only from a finished CI run (no push or manual trigger)"
    trigger = data["on"]["workflow_run"]
    assert trigger["workflows"] == ["CI"] and trigger["types"] == ["completed"] and trigger["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    condition = " ".join(build["if"].split())
    for clause in ("github.event.workflow_run.conclusion == 'success'", "github.event.workflow_run.head_branch == 'main'",
                   "github.event.workflow_run.event == 'push'"):
        assert clause in condition, f"deploy.yml: the build job must require {clause}"
    assert "||" not in condition
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}", "build the commit CI tested"
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s.get("uses", "").split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


# --- Stale pages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("today,months,limit", [("2028-02-29", 12, "2027-02-28"), ("2026-03-31", 1, "2026-02-28"),
                                                ("2026-05-31", 18, "2024-11-30"), ("2026-01-15", 13, "2024-12-15")])
def test_stale_pages_counts_months_from_any_day(today: str, months: int, limit: str, every_page: list) -> None:
    """stale() reads the project and keeps the pages reviewed before the cut-off."""
    from scripts import stale_pages

    day, last = dt.date.fromisoformat(today), dt.date.fromisoformat(limit)
    assert stale_pages.cutoff(day, months) == last
    with read_once(day) as asked:
        assert stale_pages.stale(months, day) == [row for row in every_page if row[0] < last]
    assert asked == [(stale_pages.ROOT, day)], "stale() should read the project, on the day given"


@contextlib.contextmanager
def read_once(day: dt.date) -> Iterator[list]:
    """stale() given the project as the tests read it once (tests/sitebuild.project_data: the same files, the
    same loader, and a page's review date does not depend on the day it is read), rather than reading it
    again for each day; yields what stale() asked to read (its root and day)."""
    from scripts import stale_pages

    asked: list = []

    def load(settings, on):
        asked.append((settings.root, on))
        return project_data(), []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stale_pages, "load", load)
        yield asked


@pytest.fixture(scope="module")
def every_page() -> list:
    """Every page and entry with its review date (the report with a cut-off that nothing passes)."""
    from scripts import stale_pages

    day = dt.date(9999, 12, 31)
    with read_once(day) as asked:
        rows = stale_pages.stale(0, day)
    assert asked == [(stale_pages.ROOT, day)] and rows
    return rows


@pytest.mark.parametrize("arg", ["abc", "-3", "0", "1.5", "99999"])
def test_stale_pages_refuses_a_bad_number_of_months(arg: str) -> None:
    from scripts import stale_pages

    with pytest.raises(SystemExit, match=re.escape(f"MONTHS {arg!r} is not a number of months; give a whole number like 18")):
        stale_pages.main([arg])
