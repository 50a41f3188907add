"""The HTML report: one self-contained file, with charts, that a coordinator can mail."""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import invoke
from tests.tools.make_database import make


class Page(HTMLParser):
    """Every element with its attributes, and the visible text outside the charts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.chart_text: list[str] = []
        self._svg_depth = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "svg":
            self._svg_depth += 1
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg_depth -= 1
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        (self.chart_text if self._svg_depth else self.text).append(data)


def page_of(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture
def generated(tmp_path):
    path = tmp_path / "generated.db"
    made = make(path, referrals=120, contacts=600, end=date(2026, 11, 23), seed=11)
    return path, made


def test_one_self_contained_file_with_three_charts(generated, tmp_path):
    db, _ = generated
    out = tmp_path / "verslag.html"
    result = invoke("report", "--db", db, "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    page = page_of(out)
    tags = [tag for tag, _ in page.elements]
    assert tags.count("svg") >= 3  # funnel, reasons, outcome change
    figures = {attrs.get("id") for tag, attrs in page.elements if tag == "figure"}
    assert {"chart-funnel", "chart-reasons", "chart-outcomes"} <= figures
    # nothing fetched from anywhere: no scripts, stylesheets, images, frames or fonts
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(tags)
    for tag, attrs in page.elements:
        for name in ("src", "href", "xlink:href"):
            value = attrs.get(name) or ""
            assert not re.match(r"(?i)\s*(https?:|//|file:|data:)", value), (tag, name, value)
    raw = out.read_text(encoding="utf-8")
    assert "@import" not in raw
    assert not re.search(r"url\(\s*['\"]?(?!#)", raw)  # only references inside the page (url(#clip1))
    # labelled in Dutch, readable
    charts = " ".join(page.chart_text)
    for words in ("verwezen", "gestart", "afgesloten: afgerond", "eenzaamheid", "aantal verwijzingen",
                  "gemiddelde score", "Welbevinden (ONS4)", "begin", "eind"):
        assert words in charts, words
    text = " ".join(page.text)
    assert "Welzijn op Recept: cijfers en verhalen" in text and "Verhalen" in text
    assert ('lang="nl"') in raw


def test_in_english_too(generated, tmp_path):
    db, _ = generated
    out = tmp_path / "report.html"
    assert invoke("report", "--db", db, "--format", "html", "--out", out, "--lang", "en").exit_code == 0
    page = page_of(out)
    assert "referred" in " ".join(page.chart_text) and "Why people are referred" in " ".join(page.text)


def test_without_out_the_file_is_named_after_the_period(generated, tmp_path, monkeypatch):
    db, _ = generated
    monkeypatch.chdir(tmp_path)
    result = invoke("report", "--db", db, "--format", "html", "--from", "2026-01-01", "--to", "2026-06-30")
    assert result.exit_code == 0
    assert (tmp_path / "wor-verslag-2026-01-01-2026-06-30.html").exists()


def test_what_coaches_typed_is_text_not_markup(tmp_path):
    from tests.helpers import new_referral

    new_referral(tmp_path, referrer__practice="Praktijk <script>alert(1)</script> & Zn")
    out = tmp_path / "r.html"
    assert invoke("report", "--format", "html", "--out", out).exit_code == 0
    raw = out.read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Zn" in raw


def test_an_empty_period_still_makes_a_page(tmp_path, store):
    out = tmp_path / "leeg.html"
    assert invoke("report", "--format", "html", "--out", out).exit_code == 0
    assert "Er zijn geen verwijzingen in deze periode." in " ".join(page_of(out).text)
