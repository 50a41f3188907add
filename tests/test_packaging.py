"""The wheel carries what letters need: templates, fonts, messages.

An editable install reads them from the source tree, so a file left out of
the wheel would only show on a coach's laptop. This builds the wheel, unpacks
it (a pure-Python wheel unpacked is an installation), and makes a PDF letter
with nothing but the unpacked package on the path ahead of the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from tests.helpers import NEW_REFERRAL, ROOT, write_yaml


def test_a_built_wheel_makes_a_pdf_letter(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path / "dist")],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("wor_cli-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("wor_cli/fonts/DejaVuSans.ttf", "wor_cli/fonts/DejaVuSans-Bold.ttf",
                   "wor_cli/fonts/LICENSE-DejaVu.txt", "wor_cli/templates/nl/eind.html.j2",
                   "wor_cli/templates/en/recept.html.j2", "wor_cli/locales/nl.json"):
        assert needed in names, needed
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)

    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(site), "WOR_DB": str(home / "wor.db"),
           "WOR_CONFIG": str(home / "config.toml"), "WOR_CACHE_DIR": str(home / "cache"),
           "WOR_TODAY": "2026-11-23"}

    def wor(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "wor_cli", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done

    where = subprocess.run([sys.executable, "-c", "import wor_cli; print(wor_cli.__file__)"], env=env, cwd=tmp_path,
                           capture_output=True, text=True).stdout
    assert where.startswith(str(site)), where
    wor("intake", "--new", "--answers", str(write_yaml(tmp_path / "new.yaml", NEW_REFERRAL)), "--no-input")
    for key, value in (("coach.name", "Sanne Visser"), ("coach.phone", "06 98765432"),
                       ("coach.email", "sanne@welzijn.example"), ("organisation.name", "Welzijn — Łódź")):
        wor("config", "set", key, value)
    wor("letter", "R26-0001", "--format", "pdf")
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "R26-0001-ontvangst.pdf").pages[0].extract_text()
    assert "Welzijn — Łódź" in text and "Anna de Wit" in text
