"""cli.md "Output files": every command that writes a file follows one rule.

Never the database in use or its -wal/-shm (not through a symlink or a hard
link either), never a folder, device or FIFO, an existing file only with
--force, a folder (existing or typed with a trailing /) gets the command's
own file name inside, and the file is private (0600) and whole. Each case is
run against every command that writes a file today; every refusal leaves
the database exactly as it was.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from tests.helpers import invoke, new_referral
from tests.hostile import dump

# POSIX only: FIFOs, symlinks, fork, and `resource` for measuring.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX (mkfifo, fork, resource)")

SETTINGS = {
    "coach.name": "Sanne Visser",
    "coach.phone": "06 98765432",
    "coach.email": "sanne@example.org",
    "organisation.name": "Welzijn Lelystad-Zuid",
    "organisation.address": "Stationsplein 1, 8232 AB Lelystad",
}

# command -> (argv before the output path, argv after it, the default file name, what the file starts with)
COMMANDS = {
    "letter": (["letter", "{ref}", "--format", "md", "--out"], [], "{ref}-ontvangst.md", b"**Welzijn"),
    "report": (["report", "--format", "json", "--from", "2026-01-01", "--to", "2026-12-31", "--out"], [],
               "wor-verslag-2026-01-01-2026-12-31.json", b"{"),
    "export": (["export", "minimal-dataset", "--format", "csv", "--from", "2026-01-01", "--to", "2026-12-31",
                "--out"], [], "wor-minimale-dataset-2026-01-01-2026-12-31.csv", b"id,row,"),
    "export-client": (["export-client", "{ref}", "--out"], [], "wor-export-{ref}.json", b"{"),
    "backup": (["backup"], [], "wor-2026-11-23-v{version}.db", b"SQLite format 3\0"),
}


@pytest.fixture
def ref(tmp_path: Path) -> str:
    from wor_cli import config

    config._write(SETTINGS)  # as `wor config set` would, without five runs of it
    return new_referral(tmp_path)


def run(command: str, ref: str, out: object, *extra: str):
    before, after, _, _ = COMMANDS[command]
    argv = [a.format(ref=ref) for a in before] + [str(out), *after, *extra]
    return invoke(*argv)


def default_name(command: str, ref: str) -> str:
    from wor_cli.store import migrations

    return COMMANDS[command][2].format(ref=ref, version=len(migrations.STEPS))


def assert_refused(result, code: int, db_path: Path, before: str, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "Er ging iets mis" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr
    assert dump(db_path) == before  # a refused output path changes nothing


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("command", COMMANDS)
def test_never_the_database_or_its_companions(command, tmp_path, db_path, ref):
    links = tmp_path / "links"
    links.mkdir()
    (links / "db-symlink").symlink_to(db_path)
    os.link(db_path, links / "db-hardlink")
    (links / "wal-symlink").symlink_to(Path(str(db_path) + "-wal"))  # dangling is refused as well
    before = dump(db_path)
    for out in (db_path, Path(str(db_path) + "-wal"), Path(str(db_path) + "-shm"), links / "db-symlink",
                links / "db-hardlink", links / "wal-symlink", f"{db_path.parent}/../data/{db_path.name}"):
        for extra in ((), ("--force",)):
            result = run(command, ref, out, *extra)
            assert_refused(result, 2, db_path, before, "database")
    assert db_path.read_bytes()[:16] == b"SQLite format 3\0"
    assert leftovers(db_path.parent) == [] and leftovers(links) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_never_a_device_a_fifo_or_a_folder_given_as_a_file(command, tmp_path, db_path, ref):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    before = dump(db_path)
    for out in ("/dev/null", fifo, loop):
        for extra in ((), ("--force",)):
            assert_refused(run(command, ref, out, *extra), 2, db_path, before, str(out))
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert_refused(run(command, ref, tmp_path / "nergens" / "x.txt"), 2, db_path, before, "nergens")


@pytest.mark.parametrize("command", COMMANDS)
def test_an_existing_file_only_with_force(command, tmp_path, db_path, ref):
    out = tmp_path / "bestaat.txt"
    out.write_text("van iemand anders")
    out.chmod(0o644)
    before = dump(db_path)
    assert_refused(run(command, ref, out), 1, db_path, before, "--force")
    assert out.read_text() == "van iemand anders"
    result = run(command, ref, out, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(COMMANDS[command][3])
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_gets_the_default_name_inside(command, tmp_path, db_path, ref):
    existing = tmp_path / "bestaand"
    existing.mkdir()
    result = run(command, ref, existing)
    assert result.exit_code == 0, result.output
    made = existing / default_name(command, ref)
    assert made.is_file() and stat.S_IMODE(made.stat().st_mode) == 0o600
    assert made.read_bytes().startswith(COMMANDS[command][3])
    # A folder typed with a trailing slash is made (one level, private) - the README's `--out brieven/`.
    result = run(command, ref, f"{tmp_path}/brieven/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "brieven" / default_name(command, ref)).is_file()
    assert stat.S_IMODE((tmp_path / "brieven").stat().st_mode) == 0o700
    assert not (tmp_path / "brieven").is_file()
    assert leftovers(existing) == [] and leftovers(tmp_path / "brieven") == []


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "backup"])
def test_the_default_name_in_a_folder_is_not_overwritten_without_force(command, tmp_path, db_path, ref):
    folder = tmp_path / "uit"
    folder.mkdir()
    assert run(command, ref, folder).exit_code == 0
    made = folder / default_name(command, ref)
    made.write_bytes(b"eerder gemaakt")
    again = run(command, ref, f"{folder}/")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert made.read_bytes() == b"eerder gemaakt"
    assert run(command, ref, folder, "--force").exit_code == 0
    assert made.read_bytes().startswith(COMMANDS[command][3])


def test_a_second_backup_to_the_same_folder_the_same_day_gets_a_new_name(tmp_path, db_path, ref):
    usb = tmp_path / "usb"
    usb.mkdir()
    names = []
    for _ in range(3):
        result = invoke("backup", usb, "--json")
        assert result.exit_code == 0, result.output
        names.append(Path(__import__("json").loads(result.stdout)["path"]).name)
    first = default_name("backup", ref)
    assert names == [first, first.replace(".db", "-2.db"), first.replace(".db", "-3.db")]
    assert sorted(p.name for p in usb.iterdir()) == sorted(names)


def test_a_file_name_that_is_too_long_is_bad_input(tmp_path, db_path, ref):
    before = dump(db_path)
    for command in COMMANDS:
        result = run(command, ref, tmp_path / ("x" * 300 + ".txt"))
        assert_refused(result, 2, db_path, before, "te lang")


def test_a_refused_letter_is_not_recorded(tmp_path, db_path, ref):
    out = tmp_path / "brief.md"
    out.write_text("oud")
    before = dump(db_path)
    assert_refused(run("letter", ref, out), 1, db_path, before, "--force")
    assert __import__("json").loads(invoke("show", ref, "--json").stdout)["letters"] == []


def test_a_file_that_appears_while_writing_is_kept(tmp_path):
    from wor_cli.errors import Refused
    from wor_cli.privacy.output import write_output

    target = tmp_path / "brief.md"

    def slow_writer(staged: Path) -> None:
        staged.write_bytes(b"nieuw")
        target.write_bytes(b"van een ander")  # another program takes the name meanwhile

    with pytest.raises(Refused):
        write_output(target, slow_writer, default_name="x", database=tmp_path / "wor.db")
    assert target.read_bytes() == b"van een ander" and leftovers(tmp_path) == []


def test_without_hard_links_the_name_is_still_checked(tmp_path, monkeypatch):
    from wor_cli.errors import Refused
    from wor_cli.privacy.output import write_output

    def no_links(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # FAT on a USB stick

    monkeypatch.setattr(os, "link", no_links)
    made = write_output(f"{tmp_path}/", "hallo", default_name="a.txt", database=None)
    assert made.read_text() == "hallo" and stat.S_IMODE(made.stat().st_mode) == 0o600
    with pytest.raises(Refused):
        write_output(made, "weer", default_name="a.txt", database=None)
    assert made.read_text() == "hallo" and leftovers(tmp_path) == []


def test_a_full_disk_while_writing_is_said_plainly_and_leaves_nothing(tmp_path):
    import errno

    from wor_cli.errors import Refused
    from wor_cli.privacy.output import write_output

    def full(staged: Path) -> None:
        staged.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(Refused) as refused:
        write_output(tmp_path / "verslag.csv", full, default_name="x", database=None)
    assert refused.value.key == "output.disk_full"
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary copy
