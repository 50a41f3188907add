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


# Runs in the child: a ceiling on address space (so a bomb fails fast instead of taking
# the machine), then each case in turn in-process, as `wor` would run it, with its exit
# code, time and the process's peak memory after it (a case that needs much shows as a jump).
_CHILD = r"""
import json, os, resource, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
cases = json.load(open(sys.argv[2]))
import hashlib, sqlite3
from tests.helpers import invoke
from wor_cli import i18n
def db_digest():
    path = os.environ.get("WOR_DB")
    if not path or not os.path.isfile(path):
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return hashlib.sha256("\n".join(conn.iterdump()).encode("utf-8", "surrogateescape")).hexdigest()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return "unreadable"
from wor_cli.commands._shared import reset_globals
def peak_mib():
    # VmHWM is this process's own peak. ru_maxrss is not: Linux carries the high-water
    # mark of the process that forked us (pytest, hundreds of MiB late in a run) across exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
results = []
for case in cases:
    reset_globals()
    i18n.set_language("nl")
    argv = [os.fsdecode(a.encode("utf-8", "surrogateescape")) for a in case["argv"]]
    if case.get("prelude"):
        exec(case["prelude"], {})
    start = time.monotonic()
    try:
        result = invoke(*argv, input=case.get("input"))
        code, out, err = result.exit_code, result.stdout, result.stderr
    except MemoryError:
        code, out, err = "MemoryError", "", ""
    except BaseException as e:
        import traceback
        code, out, err = "escaped", "", "Traceback " + traceback.format_exc()
    elapsed = time.monotonic() - start
    results.append({"code": code, "seconds": elapsed,
                    "mib": peak_mib(),
                    "stdout": out[-2000:], "stderr": err[-2000:], "db": db_digest()})
    with open(sys.argv[3], "w") as f:
        json.dump(results, f)
os._exit(0)
"""


class Measured:
    def __init__(self, argv: list[str], code: object, mib: float, seconds: float, stdout: str, stderr: str,
                 db: str | None = None) -> None:
        self.argv, self.code, self.mib, self.seconds = argv, code, mib, seconds
        self.stdout, self.stderr = stdout, stderr
        self.db = db  # a digest of the database (WOR_DB) after this case

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return (f"Measured({[a[:60] for a in self.argv]}, code={self.code}, mib={self.mib:.0f}, "
                f"s={self.seconds:.2f}, stderr={self.stderr[:400]!r})")


def run_measured(cases: list[list[object]], tmp_path: Path, *, inputs: list[str | None] | None = None,
                 preludes: dict[int, str] | None = None, timeout: float = 120) -> list[Measured]:
    """Run each `wor ARGV` of `cases` in one fresh subprocess; exit code, peak MiB and seconds of each.

    The first case should be a harmless one (it pays for the imports), so
    the memory of the hostile cases after it is what they add.
    """
    argvs = [[os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in case] for case in cases]
    spec = tmp_path / f"cases-{len(list(tmp_path.iterdir()))}.json"
    report = spec.with_suffix(".out.json")
    spec.write_text(json.dumps([{"argv": a, "input": (inputs or [None] * len(argvs))[i],
                                 "prelude": (preludes or {}).get(i)}
                                for i, a in enumerate(argvs)], ensure_ascii=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(MAX_MIB * 6), str(spec), str(report)],
                          capture_output=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL)
    found = json.loads(report.read_text()) if report.exists() else []
    spec.unlink()
    report.unlink(missing_ok=True)
    results = [Measured(argvs[i], r["code"], r["mib"], r["seconds"], r["stdout"], r["stderr"], r.get("db"))
               for i, r in enumerate(found)]
    for argv in argvs[len(results):]:  # the child died: say at which case
        results.append(Measured(argv, f"died ({done.returncode})", 0, 0, "", done.stderr.decode()[-400:]))
    return results


def assert_clean(result: Measured, *names: str) -> None:
    """The bounds every hostile input keeps: an allowed exit, no catch-all, named, small and quick."""
    assert result.code in OK_CODES, result
    assert "Traceback" not in result.output, result
    assert "Er ging iets mis" not in result.output and "Something went wrong" not in result.output, result
    assert result.mib < MAX_MIB, result
    assert result.seconds < MAX_SECONDS, result
    if result.code != 0 and names:
        assert any(name in result.output for name in names), result
    elif result.code != 0:
        assert result.stderr.strip(), result
    assert len(result.stderr) < 4000, result  # no echoed megabytes
