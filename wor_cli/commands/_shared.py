"""What every command shares: the global options, opening things, and failing well.

`@command` wraps each command function so that
- the global options (`--db`, `--catalogue`, `--lang`, `--key-file`) are accepted after the
  command as well as before it (cli.md), and an option given after the
  command wins over the same option given before it;
- a `WorError` becomes one clear message on stderr and its exit code;
- Ctrl-C becomes exit 130 with a short message;
- anything unexpected becomes a short apology and exit 1, never a traceback
  (set `WOR_DEBUG=1` to see the traceback when reporting a bug).
"""


from __future__ import annotations

import functools
import inspect
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import typer

from wor_cli import i18n
from wor_cli.commands.global_options import GLOBAL_PARAMS, CatalogueOption, DbOption, KeyFileOption, LangOption
from wor_cli.errors import BadInput, ExitCode, WorError
from wor_cli.i18n import t

if TYPE_CHECKING:
    from wor_cli.store import Store

class Globals:
    """The global options as given on the command line (None = not given).

    A plain class, not a dataclass: this module is imported on every start,
    and generating a dataclass costs a measurable part of a millisecond.
    """

    def __init__(self) -> None:
        self.db: Path | None = None
        self.catalogue: Path | None = None
        self.lang: str | None = None
        self.key_file: Path | None = None
        self.settings: dict[str, Any] | None = None
        self.key: str | None = None  # the database key, once asked or read
        self.warned_plain = False  # said once per run that a key was given for a plain database


GLOBALS = Globals()


def reset_globals() -> None:
    """Forget options of an earlier run (tests run many commands in one process)."""
    GLOBALS.db = GLOBALS.catalogue = GLOBALS.lang = GLOBALS.key_file = None
    GLOBALS.settings = None
    GLOBALS.key = None
    GLOBALS.warned_plain = False


def settings() -> dict[str, Any]:
    """The config file, read once per run."""
    from wor_cli import config

    if GLOBALS.settings is None:
        GLOBALS.settings = config.load()
    return GLOBALS.settings


def _chosen_db() -> str | None:
    """The database the coach named (--db, WOR_DB, the config file), or None for the default."""
    from wor_cli import config

    return config.resolve(GLOBALS.db, "WOR_DB", "db", settings())


def db_path() -> Path:
    from wor_cli import config

    chosen = _chosen_db()
    path = Path(chosen).expanduser() if chosen else config.data_dir() / "wor.db"
    from wor_cli.privacy.output import NAME_MAX

    for part in path.parts:  # the file system would say only "File name too long", from deep inside
        if len(os.fsencode(part)) > NAME_MAX:
            raise BadInput("output.name_too_long", name=part[:40] + "…", most=NAME_MAX)
    return path


def catalogue_dir() -> Path:
    from wor_cli import config

    chosen = config.resolve(GLOBALS.catalogue, "WOR_CATALOGUE", "catalogue", settings())
    return Path(chosen).expanduser() if chosen else config.bundled_catalogue()


def open_store(*, create: bool = False, warn_unused_key: bool = True) -> Store:
    """The referrals database, decrypted when it is encrypted, its schema up to date.

    Only a command that records something new (`intake`) passes `create`:
    every other command says a database the coach named does not exist and
    creates nothing, not even its folder (a typo in --db must not leave an
    empty database behind). The default database, in wor's own private data
    folder, is made on first use by any command, so a new coach's first
    `wor list` shows an empty caseload. Before a migration changes an existing
    database, a backup is made automatically (privacy.backup.before_migration).
    The plaintext copy a killed `restore` or `encrypt` left beside the
    database is wiped first (privacy.files.clean_leftovers).
    """
    from wor_cli.privacy import backup, files
    from wor_cli.store import open_store as open_

    path = db_path()
    create = create or _chosen_db() is None
    files.clean_leftovers(path)
    store = open_(path, create=create, key=database_key(path), before_migrate=backup.before_migration)
    if warn_unused_key and GLOBALS.key is not None and not store.encrypted and not GLOBALS.warned_plain:
        from wor_cli.ui import console  # rich only when there is something to say (a report to stdout has not)

        GLOBALS.warned_plain = True
        console.warn(t("encrypt.key_unused", path=str(path)))
    if store.newer:
        from wor_cli.ui import console

        console.warn(t("store.newer_read_only", path=str(path), names=", ".join(store.newer)))
    return store


def key_file() -> Path | None:
    """--key-file > WOR_KEY_FILE (never the key itself on the command line)."""
    chosen = GLOBALS.key_file or os.environ.get("WOR_KEY_FILE")
    return Path(chosen).expanduser() if chosen else None


def _is_encrypted(path: Path) -> bool:
    from wor_cli.store import connection  # only when a database is opened

    return connection.is_encrypted(path)


def database_key(path: Path) -> str | None:
    """The key for the database at `path`: from the key file, or asked at a terminal.

    Asked only when the file is encrypted (or not a plain database) and no key
    file was given; without a terminal the store refuses with a message
    saying how to give the key. Asked once per run.
    """
    if GLOBALS.key is not None:
        return GLOBALS.key
    given = key_file()
    if given is not None:
        from wor_cli.privacy import encryption

        GLOBALS.key = encryption.read_key_file(given)
    elif _is_encrypted(path) and at_terminal():
        from wor_cli.ui import privacy_view

        GLOBALS.key = privacy_view.ask_key("encrypt.key", t("encrypt.ask_key", path=str(path)))
    return GLOBALS.key


def set_globals(
    db: Path | None, catalogue: Path | None, lang: str | None, key_file: Path | None = None
) -> None:
    """Record global options; later calls (after the command) win."""
    if key_file is not None:
        GLOBALS.key_file = key_file
        GLOBALS.key = None
    if db is not None:
        GLOBALS.db = db
    if catalogue is not None:
        GLOBALS.catalogue = catalogue
    if lang is not None:
        GLOBALS.lang = lang
        i18n.set_language(lang)


def group_options(
    wor_db: DbOption = None, wor_catalogue: CatalogueOption = None, wor_lang: LangOption = None,
    wor_key_file: KeyFileOption = None,
) -> None:
    """The global options of a command group (`wor catalogue --lang en check`): typed there too."""
    set_globals(wor_db, wor_catalogue, wor_lang, wor_key_file)


def command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the global options to a command and turn failures into clean exits."""

    @functools.wraps(func)
    def wrapper(
        *args: Any, wor_db=None, wor_catalogue=None, wor_lang=None, wor_key_file=None, **kwargs: Any
    ) -> Any:
        set_globals(wor_db, wor_catalogue, wor_lang, wor_key_file)
        try:
            _check_text_arguments(kwargs)
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except WorError as e:
            fail(e.message(), e.exit_code)
        except KeyboardInterrupt:
            fail(t("interrupted"), ExitCode.INTERRUPTED)
        except BrokenPipeError:
            _reader_left()
        except Exception as e:  # noqa: BLE001 - the last line of defence
            too_long = name_too_long(e)
            if too_long is not None:
                fail(too_long, ExitCode.BAD_INPUT)
            explained = storage_failure(e)
            if explained is not None:
                fail(explained, ExitCode.FAILED)
            if os.environ.get("WOR_DEBUG"):
                raise
            fail(t("errors.unexpected", kind=type(e).__name__, detail=str(e)[:200]), ExitCode.FAILED)

    signature = inspect.signature(func)
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *GLOBAL_PARAMS]
    )
    wrapper.__annotations__ = {
        **func.__annotations__,
        **{p.name: p.annotation for p in GLOBAL_PARAMS},
    }
    return wrapper


def _reader_left() -> None:
    """The output went into a pipe whose reader stopped (`wor list | head`): stop without a word.

    stdout is pointed at the null device first, or Python's final flush would
    complain on stderr; exit 1, as the whole output was not delivered.
    """
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (the test runner's buffer)
        pass
    raise SystemExit(ExitCode.FAILED)


def name_too_long(error: BaseException) -> str | None:
    """A path typed with a name longer than the file system takes, said as bad input, or None.

    Path.is_dir() and its kind let ENAMETOOLONG through (they swallow only "not there"),
    so a 300-character --catalogue, --templates, --key-file or import source reached the
    catch-all from wherever it was first looked at.
    """
    import errno

    if not isinstance(error, OSError) or error.errno != errno.ENAMETOOLONG:
        return None
    given = os.fsdecode(error.filename) if error.filename is not None else ""
    longest = max(given.replace("\\", "/").split("/"), key=len, default="")
    return t("file.name_too_long", name=i18n.excerpt(longest))


def storage_failure(error: BaseException) -> str | None:
    """The plain words for a failure of the disk or of the database file itself, or None.

    A full disk, a read-only file and a damaged file can show up at any
    query; each is said plainly (with what to do) instead of the catch-all.
    Nothing is lost in any of them: the step that failed was rolled back.
    """
    import errno
    import sqlite3

    from wor_cli.store.connection import database_errors

    path = str(db_path())
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return t("store.disk_full", path=path)
    if not isinstance(error, (sqlite3.DatabaseError, *database_errors())):
        return None
    text = str(error).lower()
    if "full" in text:
        return t("store.disk_full", path=path)
    if "readonly" in text or "read-only" in text:
        return t("store.read_only", path=path)
    if "disk i/o" in text:
        return t("store.io_error", path=path)
    if any(word in text for word in ("malformed", "not a database", "corrupt", "disk image")):
        from wor_cli.privacy import backup

        return t("store.damaged", path=path, restore=backup.restore_hint(db_path()))
    return None


def _check_text_arguments(values: dict[str, Any]) -> None:
    """Refuse typed text that is not UTF-8 (exit 2), before it reaches the database or a letter.

    Python hands bytes that are not UTF-8 on as "surrogate escapes", which
    SQLite and every file format refuse later with an error no coach can
    read. Paths are left alone: a file name may be any bytes.
    """
    for name, value in values.items():
        for text in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(text, str) and any("\ud800" <= char <= "\udfff" for char in text):
                key, is_pair, _ = text.partition("=")  # --set KEY=VALUE: name the key the coach typed
                named = key if is_pair and key.isascii() else name.replace("_", "-").rstrip("-")
                raise BadInput("input.not_utf8", name=named)


def at_terminal() -> bool:
    """Can we ask questions? A real terminal; in the tests, a fake prompter or prompt_toolkit's pipe input."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return True
    asking = sys.modules.get("wor_cli.ui.prompter")  # never imported here: questionary is slow to import
    if asking is not None and asking.INSTALLED is not None:
        return True
    if "prompt_toolkit" not in sys.modules:  # a test session would have imported it
        return False
    from prompt_toolkit.application.current import get_app_session
    from prompt_toolkit.input.base import PipeInput

    # `_input`, not `input`: reading `input` would create a terminal input and warn on stderr.
    return isinstance(getattr(get_app_session(), "_input", None), PipeInput)


def reference(store: Store, text: str) -> str:
    """The referral meant by `text`: a reference, or part of a client's name (finding.py).

    Several people found: at a terminal the coach picks one; otherwise exit 1
    with one line per person.
    """
    from wor_cli import finding
    from wor_cli.errors import Refused

    found = finding.resolve(store, text)
    if isinstance(found, str):
        return found
    if not at_terminal():
        raise Refused("find.several", text=text.strip(), matches=finding.listing(found))
    from wor_cli.intake.questions import Choice, Question
    from wor_cli.ui.prompter import prompter

    choices = tuple(
        Choice(m["ref"], f"{m['ref']}  {m['name']} ({m['birth_year']})") for m in found[: finding.MAX_LISTED]
    )
    return prompter().ask(
        Question("find.pick", "select", t("q.find_pick", text=text.strip()), choices=choices, search=True)
    )


# --- output ------------------------------------------------------------------------------------


def fail(message: str, code: int = ExitCode.FAILED) -> None:
    """Print `message` to stderr and exit with `code`."""
    from wor_cli.ui import console

    console.error(message)
    raise typer.Exit(int(code))


def print_json(data: Any) -> None:
    import json

    # shown(): a path in bytes that are not UTF-8 would reach stdout as those bytes, which no JSON parser takes.
    sys.stdout.write(i18n.shown(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n")


def retention_years() -> int:
    """How many years after closing a referral is kept (`retention_years`, default 2)."""
    from wor_cli import config

    return config.get("retention_years", settings())
