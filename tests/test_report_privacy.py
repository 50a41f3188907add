"""Nothing in any report or export can identify a client: proven on a database full of them.

The generated database has realistic Dutch names, streets, postcodes, phone
numbers, e-mail addresses and birth years, and closing summaries - most of them
shareable - that mention all of those, the way a hurried coach writes. Every
format of `wor report` (with every story) and of the minimal dataset is
searched for every one of them.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.helpers import invoke
from tests.test_report_html import Page
from tests.tools.make_database import PARTICLES_AND_SHORT, make


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("privacy")
    path = folder / "clients.db"
    made = make(path, referrals=300, contacts=1400, end=date(2026, 11, 23), seed=21)
    assert made.shareable > 100
    return path, made, folder


def outputs(path, folder) -> dict[str, str]:
    """Every format, every story, the whole period; the HTML as the text a reader sees."""
    found = {}
    for fmt in ("json", "csv", "table"):
        for lang in ("nl", "en"):
            result = invoke("report", "--db", path, "--from", "2026-01-01", "--format", fmt, "--stories", "1000",
                            "--lang", lang)
            assert result.exit_code == 0, result.output
            found[f"report {fmt} {lang}"] = result.stdout
    html = folder / "verslag.html"
    assert invoke("report", "--db", path, "--from", "2026-01-01", "--format", "html", "--stories", "1000",
                  "--out", html).exit_code == 0
    page = Page()
    page.feed(html.read_text(encoding="utf-8"))
    found["report html text"] = " ".join(page.text)
    found["report html charts"] = " ".join(page.chart_text)
    for fmt in ("csv", "json"):
        result = invoke("export", "minimal-dataset", "--db", path, "--from", "2026-01-01", "--format", fmt)
        assert result.exit_code == 0
        found[f"export {fmt}"] = result.stdout
    dataset = folder / "dataset.json"
    dataset.write_text(found["export json"], encoding="utf-8")
    for fmt in ("json", "table"):
        result = invoke("report", "--dataset", dataset, "--from", "2026-01-01", "--format", fmt)
        assert result.exit_code == 0, result.output
        found[f"report from dataset {fmt}"] = result.stdout
    from openpyxl import load_workbook

    for what, command in (("report", ["report", "--db", path, "--from", "2026-01-01", "--stories", "1000"]),
                          ("export", ["export", "minimal-dataset", "--db", path, "--from", "2026-01-01"])):
        out = folder / f"{what}.xlsx"
        out.unlink(missing_ok=True)
        assert invoke(*command, "--format", "xlsx", "--out", out).exit_code == 0
        cells = [str(c) for sheet in load_workbook(out).worksheets for row in sheet.iter_rows(values_only=True)
                 for c in row if c is not None]
        assert len(cells) > 100
        found[f"{what} xlsx"] = "\n".join(cells)
    return found


def test_no_client_can_be_identified_in_any_output(world):
    path, made, folder = world
    found = outputs(path, folder)
    assert len(re.findall(r"\[naam\]", found["report json nl"])) > 100  # the stories are there, cleaned
    words = {
        part for name in made.client_names + made.referrer_names
        for part in re.split(r"[\s.-]+", name) if part and part.lower() not in PARTICLES_AND_SHORT
    }
    areas: dict[str, int] = {}
    for postcode in made.postcodes:
        areas[postcode[:4]] = areas.get(postcode[:4], 0) + 1
    rare = {area for area, count in areas.items() if count < 5}
    assert rare, "the test database should have postcode areas with fewer than five clients"
    # Each kind is searched in one pass over each output (a set of the output's words, one
    # pattern for all years, ...): the same matches as a search per name, a fraction of the time.
    whole_words = {word for word in words if re.fullmatch(r"\w+", word)}
    other_words = [re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])") for word in sorted(words - whole_words)]
    streets = re.compile(rf"(?i)\b(?:{'|'.join(sorted(made.streets))})\b")
    years = re.compile(rf"(?<![\d.,])(?:{'|'.join(str(y) for y in sorted(set(made.birth_years)))})(?![\d])")
    rare_areas = re.compile(rf"\b(?:{'|'.join(sorted(rare))})\b")  # named only where at least five share it
    for where, text in found.items():
        text = re.sub(r"\b[0-9a-f]{32}\b", "<id>", text)  # the random dataset ids hold digits by chance
        named = whole_words & set(re.findall(r"\w+", text))
        assert not named, (where, sorted(named))
        for pattern in other_words:  # a name with an apostrophe or the like: "\w+" would split it
            assert not pattern.search(text), (where, pattern.pattern)
        digits = re.sub(r"\D", "", text.replace(" ", ""))
        for phone in made.phones:
            assert phone not in text and re.sub(r"\D", "", phone)[-8:] not in digits, (where, phone)
        for email in made.emails:
            assert email not in text and email.split("@")[0] not in text, (where, email)
        for postcode in made.postcodes:
            assert postcode not in text and postcode.replace(" ", "") not in text, (where, postcode)
        for pattern in (streets, years, rare_areas):
            found_here = pattern.search(text)
            assert found_here is None, (where, found_here and found_here.group(0))
