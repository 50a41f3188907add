"""Helpers for attacking `wor` (docs/testing.md): database dumps, and running one hostile input measured.

`run_measured` runs `wor` in a fresh subprocess and reads its peak memory
and time with `resource`, so a test can assert the bounds of issue 10
(under 200 MiB and 10 s for any hostile input under 1 MiB).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OK_CODES = {0, 1, 2, 130}
MAX_MIB = 200
MAX_SECONDS = 10.0


def dump(db_path: Path) -> str | None:
    """The database's whole content as SQL (None when there is no database)."""
    if not Path(db_path).exists():
        return None
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


# Runs in the child: set a memory ceiling a little above the bound (so a bomb fails
# fast instead of taking the machine), run wor, report exit code, peak memory and time.
_CHILD = r"""
import json, os, resource, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.monotonic()
code = 0
try:
    from wor_cli.cli import main
    sys.argv = ["wor", *sys.argv[3:]]
    main()
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
except MemoryError:
    code = "MemoryError"
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sys.stdout.flush()
with open(sys.argv[2], "w") as f:
    json.dump({"code": code, "mib": peak, "seconds": elapsed}, f)
os._exit(0)
"""


class Measured:
    def __init__(self, code: object, mib: float, seconds: float, stdout: str, stderr: str) -> None:
        self.code, self.mib, self.seconds, self.stdout, self.stderr = code, mib, seconds, stdout, stderr

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return f"Measured(code={self.code}, mib={self.mib:.0f}, s={self.seconds:.2f}, stderr={self.stderr[:300]!r})"


def run_measured(args: list[object], tmp_path: Path, *, env: dict[str, str] | None = None,
                 stdin: bytes | None = None, timeout: float = 30) -> Measured:
    """Run `wor ARGS` in a subprocess with the test's environment; exit code, peak MiB, seconds, output."""
    report = tmp_path / f"measured-{os.getpid()}-{len(list(tmp_path.iterdir()))}.json"
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    argv = [a if isinstance(a, bytes) else str(a) for a in args]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(MAX_MIB * 3), str(report), *argv],
        input=stdin if stdin is not None else b"", capture_output=True, env=full_env, timeout=timeout,
    )
    found = json.loads(report.read_text()) if report.exists() else {"code": f"died {done.returncode}", "mib": 0,
                                                                       "seconds": 0}
    report.unlink(missing_ok=True)
    return Measured(found["code"], found["mib"], found["seconds"],
                    done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def assert_clean(result: Measured, *names: str) -> None:
    """The bounds every hostile input must keep: an allowed exit, no catch-all, named, small and quick."""
    assert result.code in OK_CODES, result
    assert "Traceback" not in result.output, result
    assert "Er ging iets mis" not in result.output and "Something went wrong" not in result.output, result
    assert result.mib < MAX_MIB, result
    assert result.seconds < MAX_SECONDS, result
    if result.code != 0:
        assert any(name in result.stderr for name in names) if names else result.stderr.strip(), result
