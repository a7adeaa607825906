"""The lighter stylesheets and scripts of a build (macros/outputs/assets.py): comments and indentation go,
nothing inside a line of code changes, and of Material's stylesheets only rules this site cannot use go."""
from __future__ import annotations

import json
import re
from pathlib import Path

from macros.outputs import assets


def test_scripts_lose_comment_lines_and_blocks_but_no_code() -> None:
    source = """/* A header
 * on two lines. */
(function () {
  // a comment line
  var url = "https://example.org/a//b"; // kept: inside a line of code
  var re = /\\/\\*/; /* kept: after code */
  /* a block */ call();
  return url;
})();
"""
    out = assets.js(source)
    assert "A header" not in out and "a comment line" not in out
    assert 'var url = "https://example.org/a//b"; // kept: inside a line of code' in out
    assert "var re = /\\/\\*/; /* kept: after code */" in out
    assert "/* a block */ call();" in out, "a block comment followed by code is left alone"
    assert out.startswith("(function () {\n") and "\n  " not in out


def test_stylesheets_lose_comments_and_indentation_only() -> None:
    out = assets.css('/* note */\n.a {\n  content: "\\\\203A";\n  color: red; /* why */\n}\n')
    assert out == '.a {\ncontent: "\\\\203A";\ncolor: red;\n}\n'


def test_palette_keeps_the_colours_in_use_and_the_schemes() -> None:
    css = ("[data-md-color-primary=red]{--x:1}[data-md-color-primary=custom]{--y:2}"
           "@media screen{[data-md-color-scheme=slate]{--z:3}[data-md-color-accent=pink] a{--w:4}}")
    out = assets.palette(css, {"custom"})
    assert "--y:2" in out and "--z:3" in out and "red" not in out and "pink" not in out


def test_feature_rules_go_only_when_every_selector_is_unused() -> None:
    css = ".md-typeset .tabbed-set{a:1}.md-typeset .tabbed-set,.md-typeset table{b:2}@media print{.md-tabs{c:3}}.md-nav{d:4}"
    out = assets.without_features(css, ("tabbed-", "md-tabs"))
    assert "a:1" not in out and "c:3" not in out
    assert "b:2" in out and "d:4" in out


def test_a_script_marked_to_compile_at_once_keeps_its_source_map_in_step() -> None:
    script, source_map = assets.compiled_at_once("a();\nb();\n//# sourceMappingURL=x.js.map\n", '{"version":3,"mappings":"AAAA;AACA"}')
    assert script.splitlines()[:2] == ["//# allFunctionsCalledOnLoad", "a();"]
    assert json.loads(source_map)["mappings"] == ";AAAA;AACA", "line 2 (a();) keeps what line 1 had"
    assert assets.compiled_at_once(script, source_map) == (script, source_map), "marking twice changes nothing"
    assert assets.compiled_at_once("a();", None) == ("//# allFunctionsCalledOnLoad\na();", None)


def test_the_built_site_has_the_light_files(site: Path) -> None:
    css = (site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "/*" not in css
    main = next((site / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    assert ".md-nav" in main and ".md-typeset .tabbed-labels{" not in main and ".md-typeset__table" in main
    palette = next((site / "assets" / "stylesheets").glob("palette.*.min.css")).read_text(encoding="utf-8")
    assert "data-md-color-scheme=slate" in palette and not re.search(r"data-md-color-primary=(?!custom)", palette)
    assert "[data-md-color-switching] *" in palette, "the light/dark switch pauses transitions with this rule"
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert bundle.read_text(encoding="utf-8").startswith(assets.COMPILE_AT_ONCE)
    assert json.loads(bundle.with_name(bundle.name + ".map").read_text(encoding="utf-8"))["mappings"].startswith(";")
    for name in ("site.js", "glossary-popover.js", "page-tools.js", "letters.js", "search-worker.js"):
        script = (site / "assets" / "javascripts" / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*//", script, re.M) and "MIT licence" not in script
