"""The marks the page's scripts and styles read (macros/outputs/marks.py): glossary data on every glossary
abbreviation, each table cell's column header as its label for the phone card layout, and the tables
wrapped for scrolling at build time (macros/outputs/tables.py)."""
from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from checks.sitepages import all_pages, built_file, read_html
from macros.outputs import tables
from macros.outputs.marks import Marks, label_cells
from macros.render import safe
from tests.sitebuild import project_data

TABLE = """<p>Before</p>
<table>
<thead>
<tr>
<th></th>
<th>IEP <abbr title="x">&amp;</abbr> "plan"</th>
<th style="text-align: left;">504 &lt;plan&gt;</th>
</tr>
</thead>
<tbody>
<tr>
<td>Law</td>
<td>IDEA</td>
<td style="text-align: left;">Section 504</td>
</tr>
<tr>
<td>Ages</td>
<td>3-21</td>
</tr>
</tbody>
</table>
<table><tr><td>no header row</td></tr></table>"""


def test_each_body_cell_is_labelled_with_its_column_header_escaped() -> None:
    out = label_cells(TABLE)
    doc = lxml_html.fragment_fromstring(out, create_parent="div")
    rows = doc.xpath("//table[1]/tbody/tr")
    assert [td.get("data-label") for td in rows[0]] == [None, 'IEP & "plan"', "504 <plan>"]
    assert [td.get("data-label") for td in rows[1]] == [None, 'IEP & "plan"']
    assert rows[0][2].get("style") == "text-align: left;"  # the cell's own attributes are kept
    assert doc.xpath("//table[2]//td")[0].get("data-label") is None
    assert 'data-label="IEP &amp; &#34;plan&#34;"' in out
    assert out.replace(' data-label="IEP &amp; &#34;plan&#34;"', "").replace(' data-label="504 &lt;plan&gt;"', "") == TABLE


def test_glossary_abbreviations_get_the_popover_data_once_per_page() -> None:
    glossary = project_data().glossary
    t = glossary.terms["iep"]
    marks = Marks(glossary, project_data().tooltips)
    page = ('<p>An <abbr title="Individualized Education Program">IEP</abbr> and '
            '<abbr title="Something else">XYZ</abbr>, then <abbr title="Individualized Education Program">IEP</abbr>.</p>')
    out = marks.add(page)
    abbr = lxml_html.fragment_fromstring(out).xpath("//abbr")
    assert abbr[0].get("data-term") == "iep" and abbr[0].get("data-name") == t.title
    assert abbr[0].get("data-short") == project_data().tooltips["iep"]
    assert abbr[0].get("title") == t.name
    assert abbr[1].attrib == {"title": "Something else"}, "an abbreviation the glossary does not know is left alone"
    assert abbr[2].get("data-term") == "iep" and abbr[2].get("data-short") is None, "the definition is carried once"
    assert marks.add(out) == out, "marking twice changes nothing"


def test_every_table_cell_and_glossary_mark_on_the_built_site_has_its_data(site: Path) -> None:
    """Each body cell has its column's label; each term's first mark on a page carries its name and short
    definition, and no later mark of the same term repeats them."""
    problems, cells, marks = [], 0, 0
    for path in all_pages(site):
        doc = read_html(built_file(site, path))
        for table in doc.xpath("//article//table[thead]"):
            headers = [" ".join(th.text_content().split()) for th in table.xpath("thead/tr[1]/th")]
            for row in table.xpath("tbody/tr"):
                for i, cell in enumerate(row.xpath("td|th")):
                    cells += 1
                    if i < len(headers) and headers[i] and cell.get("data-label") != headers[i]:
                        problems.append(f"/{path}: a cell of column {headers[i]!r} is labelled {cell.get('data-label')!r}")
        seen: set[str] = set()
        for mark in doc.xpath("//*[@data-term]"):
            marks += 1
            tid, has_data = mark.get("data-term"), bool(mark.get("data-short") and mark.get("data-name"))
            if has_data == (tid in seen):
                what = "repeats" if has_data else "lacks"
                problems.append(f"/{path}: {lxml_html.tostring(mark, encoding='unicode')[:100]} {what} the popover's data")
            seen.add(tid)
    assert cells > 100 and marks > 1000
    assert not problems, "\n".join(problems[:20])


def test_tables_of_the_article_are_classed_and_wrapped_as_materials_script_would() -> None:
    """Each table without a class gets the class (Material's script then leaves it alone) and, in the built
    page's article only, Material's scroll wrapper; a table with a class of its own is left as it is."""
    text = '<table><tr><td>a</td></tr></table><table class="other"><tr><td>b</td></tr></table>'
    classed = tables.classed(text)
    assert classed.count('<table class="iep-table">') == 1 and '<table class="other">' in classed
    assert tables.classed(classed) == classed, "classing twice changes nothing"
    page = f'<div><table class="iep-table"></table></div><article class="md-content__inner md-typeset">{classed}</article>'
    out = tables.wrap(page)
    doc = lxml_html.fragment_fromstring(out, create_parent="div")
    wrapped = doc.xpath("//article/div[@class='md-typeset__scrollwrap']/div[@class='md-typeset__table']/table")
    assert [t.get("class") for t in wrapped] == ["iep-table"]
    assert doc.xpath("//article/table/@class") == ["other"], "a table with its own class is not wrapped"
    assert len(doc.xpath("//div[not(ancestor::article)]/table")) == 1, "nothing outside the article changes"
    assert tables.wrap("<p>no tables</p>") == "<p>no tables</p>"


def test_every_table_on_the_built_site_is_wrapped_once(site: Path) -> None:
    """No table is left for Material's script to move after the first paint, and none is wrapped twice."""
    problems, count = [], 0
    for path in all_pages(site):
        doc = read_html(built_file(site, path))
        for table in doc.xpath("//article//table"):
            count += 1
            parent = table.getparent()
            if table.get("class") != "iep-table" or parent.get("class") != "md-typeset__table" \
                    or parent.getparent().get("class") != "md-typeset__scrollwrap":
                problems.append(f"/{path}: {lxml_html.tostring(table, encoding='unicode')[:80]}")
        if doc.xpath("//*[@class='md-typeset__scrollwrap']//*[@class='md-typeset__scrollwrap']"):
            problems.append(f"/{path}: a table wrapped twice")
    assert count > 20
    assert not problems, "\n".join(problems[:20])

