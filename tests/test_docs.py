"""The documentation site that ``make docs`` builds (``docs/_build/html``).

Marked ``docs``: ``make docs`` builds the site (``sphinx-build -W``, so warnings already failed
the build) and then runs exactly these tests with ``LCNALG_DOCS_BUILT=1``; without that variable
they skip (``make test`` deselects them), so a site left over from an older build is never
taken for the current one.  With the variable set, a missing page fails.
"""
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import lcnalg

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "docs" / "_build" / "html"

#: public names whose module has no ``EXAMPLES::`` yet (lcnalg/tables/make.py); a new public
#: name must come with an example on its page
KNOWN_WITHOUT_EXAMPLE = {"run_tables"}


@pytest.fixture(scope="module")
def site():
    if os.environ.get("LCNALG_DOCS_BUILT") != "1":
        pytest.skip("the docs tests run after the build: make docs")
    assert (HTML / "index.html").is_file(), f"{HTML}/index.html missing: the docs build failed"
    return HTML


class _Page(HTMLParser):
    """Headings (text by level), links (href), element ids and <pre> blocks of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.links, self.ids, self.pre, self.images = [], [], set(), [], []
        self._heading = None
        self._pre = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "img" and "src" in attrs:
            self.images.append(attrs["src"])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]
        if tag == "pre":
            self._pre += 1
            self.pre.append("")

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading:
            self.headings.append((self._heading[0], self._heading[1].replace("¶", "").replace("#", "").strip()))
            self._heading = None
        if tag == "pre":
            self._pre -= 1

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._pre:
            self.pre[-1] += data


def _page(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _target(base: Path, href: str) -> tuple[Path, str]:
    file, _, anchor = href.partition("#")
    return (base.parent / file).resolve(), anchor


def test_index_has_the_sections_and_their_links(site):
    index = _page(site / "index.html")
    assert (1, "lcnalg") in index.headings
    for page in ["getting_started.html", "guide/architectures.html", "guide/ideals.html",
                 "guide/real_geometry.html", "guide/critical_points.html", "guide/flow.html",
                 "guide/tables.html", "mathematics.html", "certification.html", "api/index.html",
                 "notebooks.html", "tables.html", "benchmarks.html"]:
        assert page in index.links, f"index.html does not link {page}"
        assert (site / page).is_file(), page
    # every internal link of the index leads to a page that exists
    for href in index.links:
        if not re.match(r"[a-z]+:", href) and not href.startswith("#"):
            assert _target(site / "index.html", href)[0].is_file(), href


def test_getting_started_includes_the_readme(site):
    page = _page(site / "getting_started.html")
    titles = [t for _, t in page.headings]
    for t in ["Getting started", "Set-up: two commands", "Quick tour", "How it fits together"]:
        assert t in titles, (t, titles)
    # the README's text is there (its set-up commands and its Python tour), not a copy of it
    assert any("make test" in block for block in page.pre)
    assert any("from lcnalg import *" in block for block in page.pre)


def test_every_public_name_has_an_entry_with_examples(site):
    api = site / "api" / "index.html"
    page = _page(api)
    assert (1, "API reference") in page.headings
    text = api.read_text(encoding="utf-8")
    without_example = set()
    for name in lcnalg.__all__:
        hrefs = [h for h in page.links if re.search(rf"#lcnalg(\.\w+)*\.{re.escape(name)}$", h)]
        assert hrefs, f"api/index.html has no link for lcnalg.{name}"
        target, anchor = _target(api, hrefs[0])
        assert target.is_file(), (name, hrefs[0])
        entry = _page(target)
        assert anchor in entry.ids, f"{target.name} has no entry #{anchor} for lcnalg.{name}"
        if name != "__version__" and not any(">>>" in block for block in entry.pre):
            without_example.add(name)
    assert "lcnalg.__all__" in text
    assert without_example <= KNOWN_WITHOUT_EXAMPLE, sorted(without_example - KNOWN_WITHOUT_EXAMPLE)


def test_an_api_page(site):
    path = site / "api" / "lcnalg.geometry.neurovariety.html"
    page = _page(path)
    assert any(level == 1 and "lcnalg.geometry.neurovariety" in t for level, t in page.headings)
    for obj in ["Neurovariety", "Neurovariety.ideal", "Neurovariety.ideal_result",
                "Neurovariety.degree", "Neurovariety.engine"]:
        assert f"lcnalg.geometry.neurovariety.{obj}" in page.ids, obj
    # the docstrings' examples are there, and the cross-references resolve to pages that exist
    assert any(">>> V" in block or ">>> from lcnalg" in block for block in page.pre)
    assert any("lcnalg.geometry.architecture.html#lcnalg.geometry.architecture.Architecture" in h
               for h in page.links)
    assert any(h.startswith("../_modules/lcnalg/geometry/neurovariety.html") for h in page.links)
    for href in page.links:
        if not re.match(r"[a-z]+:", href) and not href.startswith("#"):
            target, anchor = _target(path, href)
            assert target.is_file(), href
            if anchor and target.suffix == ".html" and "_modules" not in href:
                assert anchor in _page(target).ids, href


def test_notebooks_are_rendered_with_their_outputs(site):
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        path = site / "notebooks" / (nb.stem + ".html")
        assert path.is_file(), path
    path = site / "notebooks" / "04_results.html"
    page = _page(path)
    assert page.images, "notebook 04 shows no figure"
    # its Markdown outputs (the tables it displays) are rendered as tables, not as text
    assert "<table" in path.read_text(encoding="utf-8")
    for src in page.images:
        assert _target(site / "notebooks" / "04_results.html", src)[0].is_file(), src


def test_tables_and_certification_pages(site):
    tables = _page(site / "results" / "README.html")
    assert (1, "Result tables") in tables.headings
    for name in ["neurovarieties", "real_geometry", "critical_points", "closedness_atlas"]:
        assert (site / "results" / f"{name}.html").is_file(), name
    assert (site / "benchmarks" / "results.html").is_file()
    cert = _page(site / "certification.html")
    titles = [t for _, t in cert.headings]
    for label in ["certified", "checked", "probabilistic", "heuristic"]:
        assert label in titles, (label, titles)
    # the generated list names modules that really produce the labels
    assert any(h.endswith("#module-lcnalg.implicit.pivot") for h in cert.links)
    math = _page(site / "mathematics.html")
    assert any("Zariski closedness" in t for _, t in math.headings)
