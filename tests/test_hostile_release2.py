"""Release 2 attacked as issue 10 attacked release 1 (docs/testing.md): the new commands, class by class.

Each hostile file is made by a few lines of Python here; each case asserts the bounds of
tests/hostile.py (an allowed exit, no traceback or catch-all, named, under 200 MiB and 10 s)
and, when refused, that nothing changed: no catalogue folder written, the database as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import contact, invoke, new_referral, write_yaml
from tests.hostile import assert_clean, dump, run_measured
from tests.prompts import CTRL_C, answering

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX (mkfifo, symlinks, resource)")

HEADER = ["id", "name", "organization", "description", "themes", "day", "start", "end", "phone", "verified"]
GOOD = ["wandelen-zuid", "Wandelen in Zuid", "Welzijn Zuid", "Samen wandelen in het park.", "bewegen", "di",
        "10:00", "11:00", "0320 123456", "2026-09-01"]


def sheet_csv(*changes: tuple[str, str]) -> str:
    """The one-row spreadsheet with some columns replaced: the mutation of a valid source."""
    row = dict(zip(HEADER, GOOD))
    row.update(changes)
    return ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"


def workbook(path: Path, *, extra_row_xml: bytes = b"", doctype: bytes = b"", first_text: bytes = b"") -> Path:
    """A real one-row workbook (openpyxl), its sheet XML then changed as a hostile file would be."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(GOOD)
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                head, _, rest = data.partition(b"?>") if data.startswith(b"<?xml") else (b"", b"", data)
                rest = rest.replace(b"<t>", b"<t>" + first_text, 1)
                data = (head + b"?>" if head else b"") + doctype + rest.replace(b"</sheetData>", extra_row_xml + b"</sheetData>")
            out.writestr(info, data)
    return path


def huge_cell_workbook(path: Path, megabytes: int) -> Path:
    """One cell of `megabytes` MB, which zips to a few hundred KB: openpyxl would hold it whole."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(GOOD)
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info)
            if not info.filename.endswith("sheet1.xml"):
                out.writestr(info, data)
                continue
            before, after = data.split(b"</sheetData>")
            with out.open(info.filename, "w", force_zip64=True) as part:
                part.write(before + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                block = b"a" * (1 << 20)
                for _ in range(megabytes):
                    part.write(block)
                part.write(b"</t></is></c></row></sheetData>" + after)
    return path


def package(folder: Path, resources: object, files: dict[str, str] | None = None) -> Path:
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}))
    for name, text in (files or {}).items():
        (folder / name).write_text(text)
    return folder


SETTINGS = {"coach.name": "Sanne Visser", "coach.phone": "06 98765432", "coach.email": "s@example.org",
            "organisation.name": "Welzijn Zuid", "organisation.address": "Stationsplein 1, Lelystad"}


# --- class 3: the file system ------------------------------------------------------------------------------


def test_symlink_loops_where_release_2_resolves_paths(tmp_path, db_path):
    from wor_cli import config

    config._write(SETTINGS)
    loop = tmp_path / "lus"
    loop.symlink_to(loop)
    new_referral(tmp_path)
    before = dump(db_path)
    cases = {
        ("catalogue", "verify", "wandelen", "--catalogue", loop): "lus",
        ("catalogue", "stale", "--catalogue", loop): "lus",
        ("catalogue", "export", loop): "lus",
        ("catalogue", "import", loop, "--out", tmp_path / "uit"): "lus",
        ("catalogue", "import", tmp_path / "nergens.csv", "--out", loop): "nergens",
        ("card", "--catalogue", loop): "lus",
        ("card", "--templates", loop): "lus",
        ("report", "--dataset", loop): "lus",
        ("report", "--format", "xlsx", "--out", loop): "lus",
        ("agenda", "--db", loop): "lus",
        ("edit", "R26-0001", "--set", "client.birth_year=1949", "--db", loop): "lus",
    }
    for argv, words in cases.items():
        result = invoke(*argv)
        assert result.exit_code in (1, 2), (argv, result.output)
        assert words in result.stderr and "Er ging iets mis" not in result.output, (argv, result.output)
    assert dump(db_path) == before


# --- class 4: output paths for the release-2 writers -------------------------------------------------------

WRITERS = {
    "card pdf": ["card", "--format", "pdf", "--out"],
    "card md": ["card", "--format", "md", "--out"],
    "catalogue export": ["catalogue", "export", "--out"],
    "catalogue export csv": ["catalogue", "export", "--format", "csv", "--out"],
    "report xlsx": ["report", "--format", "xlsx", "--out"],
    "export xlsx": ["export", "minimal-dataset", "--format", "xlsx", "--out"],
    "letter pdf": ["letter", "R26-0001", "--format", "pdf", "--out"],
    "letter docx": ["letter", "R26-0001", "--format", "docx", "--out"],
}


def test_release_2_writers_keep_the_output_file_rule(tmp_path, db_path):
    from wor_cli import config

    config._write(SETTINGS)
    new_referral(tmp_path)
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    taken = tmp_path / "bestaat.txt"
    taken.write_text("van iemand anders")
    before = dump(db_path)
    for name, argv in WRITERS.items():
        for out, code, words in ((db_path, 2, "database"), (f"{db_path}-wal", 2, "database"), ("/dev/null", 2, "/dev/null"),
                                 (fifo, 2, "pijp"), (taken, 1, "--force"), (tmp_path / "nergens" / "x", 2, "nergens")):
            result = invoke(*argv, out)
            assert result.exit_code == code and words in result.stderr, (name, out, result.output)
            assert "Er ging iets mis" not in result.output
        assert taken.read_text() == "van iemand anders"
    assert dump(db_path) == before


# --- Ctrl-C in the interactive flows -----------------------------------------------------------------------


@pytest.mark.parametrize("at", ["edit.what", "client.name", "client.birth_year", "edit.confirm"])
def test_ctrl_c_anywhere_in_the_editor_writes_nothing(tmp_path, db_path, at):
    ref = new_referral(tmp_path)
    before = dump(db_path)
    answers = {"edit.what": "client", "client.name": "Anna de Wit-Jansen", "client.birth_year": "1949",
               "edit.confirm": True}
    keys = list(answers)
    script = {k: answers[k] for k in keys[:keys.index(at)]}
    script[at] = CTRL_C
    with answering(script):
        result = invoke("edit", ref)
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output and "Er ging iets mis" not in result.output
    assert dump(db_path) == before
