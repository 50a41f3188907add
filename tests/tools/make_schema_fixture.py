"""Make `tests/fixtures/wor-schema-N.db`: a database as release N of the schema writes it.

Run once per schema version, with the code of that version, and commit the file:

    python tests/tools/make_schema_fixture.py tests/fixtures/wor-schema-1.db

The upgrade tests open every fixture with the current code and check that all
data survived. Never regenerate an old fixture with newer code.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.helpers import contact, invoke, new_referral  # noqa: E402


def main(target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            WOR_DB=str(Path(tmp) / "wor.db"), WOR_CONFIG=str(Path(tmp) / "config.toml"),
            WOR_CACHE_DIR=str(Path(tmp) / "cache"), WOR_DATA_DIR=str(Path(tmp) / "data"),
            WOR_TODAY="2026-11-23",
        )
        tmp_path = Path(tmp)
        first = new_referral(tmp_path)
        contact(tmp_path, first, {
            "contact": {"date": "2026-11-09", "mode": "face-to-face", "minutes": 50,
                        "what_matters": "Weer onder de mensen komen.", "notes": "Mist haar man."},
            "measures": {"ons4": [4, 5, 3, 7]},
            "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"}],
        })
        second = new_referral(tmp_path, client__name="Bram Bakker", client__birth_year=1961,
                              referral__reasons=["geldzorgen"])
        contact(tmp_path, second, {"close": {"outcome": "no-show", "summary": "Niet bereikbaar."}})
        invoke("show", first)
        Path(target).unlink(missing_ok=True)
        source = sqlite3.connect(Path(tmp) / "wor.db")
        copy = sqlite3.connect(target)
        source.backup(copy)  # includes what is still in the WAL
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        copy.close()
        source.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1])
