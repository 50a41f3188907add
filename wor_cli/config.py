"""Where things live, and the coach's settings.

Settings are resolved as cli.md says: a command-line option beats the
environment, which beats the config file, which beats the default.

The config file is TOML (`config.toml` in the platform's config dir, or where
`WOR_CONFIG` points): readable and editable by hand, read with the standard
library's `tomllib`. It only ever holds flat scalars, so the few lines that
write it back are kept here rather than pulling in a TOML writer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, NamedTuple

from wor_cli.errors import BadInput, StorageError

APP = "wor"


# --- where things live -----------------------------------------------------


def _platformdirs():
    import platformdirs  # a few milliseconds; only when a path is needed

    return platformdirs


def _place(variable: str, home_part: str) -> Path | None:
    """Where `variable` points, else the part of WOR_HOME (None: the platform's folder).

    WOR_HOME moves every file wor keeps (settings, database, backups, index cache)
    into one folder: for a portable install on a USB stick, and for the tests.
    """
    if os.environ.get(variable):
        return Path(os.environ[variable]).expanduser()
    if os.environ.get("WOR_HOME"):
        return Path(os.environ["WOR_HOME"]).expanduser() / home_part
    return None


def config_path() -> Path:
    return _place("WOR_CONFIG", "config/config.toml") or (
        Path(_platformdirs().user_config_dir(APP, appauthor=False)) / "config.toml"
    )


def data_dir() -> Path:
    return _place("WOR_DATA_DIR", "data") or Path(_platformdirs().user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return _place("WOR_CACHE_DIR", "cache") or Path(_platformdirs().user_cache_dir(APP, appauthor=False))


def bundled_catalogue() -> Path:
    """The example catalogue shipped with the package.

    In a wheel it sits inside the package (`wor_cli/bundled_catalogue`); in a
    source checkout or editable install it is the top-level `catalogue/`.
    """
    here = Path(__file__).parent
    inside = here / "bundled_catalogue"
    return inside if inside.is_dir() else here.parent / "catalogue"


# --- the settings a coach can make -----------------------------------------


MAX_SETTING = 500  # characters: a name, an address, a folder; more is a paste gone wrong


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise BadInput("config.empty")
    if value.isascii() and value.isprintable() and len(value) <= MAX_SETTING:
        return value  # what validation.text would return; every start reads settings, importing it costs ~15 ms
    from wor_cli import validation

    # A name with a terminal escape or a direction override would reach every letter and the card;
    # validation.Invalid is said with the key by set_value.
    return validation.text(value, max_length=MAX_SETTING) or ""


def _plain_digits(value: str) -> None:
    """"１２" is refused as typed numbers are (validation.plain_digits): int() and float() would read it."""
    if not value.isascii():
        from wor_cli import validation

        validation.plain_digits(value)  # Invalid, said with the key by set_value


MAX_RETENTION_YEARS = 100  # a lifetime; 99999999999 years ended `wor doctor` in the catch-all (a date past 9999)


def _retention_years(value: str) -> int:
    _plain_digits(value)
    try:
        number = int(value)
    except ValueError:
        raise BadInput("config.not_int", value=value) from None
    if number < 1:
        raise BadInput("config.not_positive", value=value)
    if number > MAX_RETENTION_YEARS:
        raise BadInput("config.too_large", value=value, most=MAX_RETENTION_YEARS)
    return number


def _positive_number(value: str) -> float:
    import math

    _plain_digits(value)
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise BadInput("config.not_number", value=value) from None
    if not math.isfinite(number):  # "nan", "inf": float() takes them, no distance is one
        raise BadInput("config.not_number", value=value)
    if number <= 0:
        raise BadInput("config.not_positive", value=value)
    return number


def _language(value: str) -> str:
    from wor_cli.i18n import LANGUAGES

    if value not in LANGUAGES:
        raise BadInput("config.bad_lang", value=value, allowed=", ".join(LANGUAGES))
    return value


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        chosen = value.strip().lower()
        if chosen not in allowed:
            raise BadInput("config.bad_choice", value=value, allowed=", ".join(allowed))
        return chosen

    return parse


class Key(NamedTuple):
    parse: Callable[[str], Any]
    help: str  # message key explaining the setting


KEYS: dict[str, Key] = {
    "coach.name": Key(_text, "config.key.coach_name"),
    "coach.phone": Key(_text, "config.key.coach_phone"),
    "coach.email": Key(_text, "config.key.coach_email"),
    "organisation.name": Key(_text, "config.key.org_name"),
    "organisation.address": Key(_text, "config.key.org_address"),
    "organisation.phone": Key(_text, "config.key.org_phone"),
    "organisation.email": Key(_text, "config.key.org_email"),
    "coach.hours": Key(_text, "config.key.coach_hours"),
    "organisation.refer_via": Key(_choice("email", "zorgdomein"), "config.key.refer_via"),
    "letter.salutation": Key(_choice("collega", "dokter"), "config.key.salutation"),
    "templates_dir": Key(_text, "config.key.templates_dir"),
    "retention_years": Key(_retention_years, "config.key.retention_years"),
    "match.default_km": Key(_positive_number, "config.key.default_km"),
    "contact_guide": Key(_text, "config.key.contact_guide"),
    "instruments_dir": Key(_text, "measure.setting_instruments_dir"),
    "lang": Key(_language, "config.key.lang"),
    "db": Key(_text, "config.key.db"),
    "catalogue": Key(_text, "config.key.catalogue"),
}

DEFAULTS: dict[str, Any] = {"retention_years": 2, "match.default_km": 5.0, "letter.salutation": "collega",
                            "organisation.refer_via": "email"}


def load() -> dict[str, Any]:
    """The config file as flat dotted keys; empty when there is none."""
    from wor_cli.inputs import FileProblem, read

    path = config_path()
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        raw = read(path, 256 * 1024)  # a few settings; never /dev/zero or a FIFO read forever
    except FileProblem as e:
        raise StorageError("config.unreadable", path=str(path), reason=e.reason()) from None
    import tomllib

    try:
        nested = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BadInput("config.broken", path=str(path), reason=str(e)) from None
    return _flatten(nested)


def _flatten(nested: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def get(key: str, settings: dict[str, Any] | None = None) -> Any:
    """A setting, checked as `config set` checks it: the file may have been edited by hand.

    Checked here, where it is used, not when the file is read: `wor config set` must still
    be able to put right a value that is wrong.
    """
    settings = load() if settings is None else settings
    if key not in settings:
        return DEFAULTS.get(key)
    value = settings[key]
    known = KEYS.get(key)
    if known is None:
        return value
    try:
        # TOML gives 2 or 2.5 for a number; `config set` reads the text "2"; a list or table is never right.
        return known.parse(value if isinstance(value, str) else str(value)[:40] if not isinstance(value, (list, dict)) else "")
    except Exception as problem:  # noqa: BLE001 - validation is imported only when a setting is wrong
        from wor_cli import validation
        from wor_cli.i18n import t

        if not isinstance(problem, (BadInput, validation.Invalid)):
            raise

        raise BadInput("config.broken", path=str(config_path()),
                       reason=f"{key}: " + t(problem.key, **problem.params).rstrip(".")) from None


def known_key(key: str) -> None:
    """BadInput (exit 2) for a key that is not a setting, with the known ones and the nearest."""
    if key in KEYS:
        return
    import difflib

    from wor_cli.i18n import excerpt, t

    close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
    hint = t("config.did_you_mean", suggestion=close[0]) if close else ""
    raise BadInput("config.unknown_key", name=excerpt(key), known=", ".join(KEYS), hint=hint)


def set_value(key: str, value: str) -> Any:
    """Validate and store one setting; returns the stored value."""
    known_key(key)
    from wor_cli import validation

    try:
        parsed = KEYS[key].parse(value)
    except validation.Invalid as e:
        from wor_cli.i18n import t

        raise BadInput("config.bad_text", name=key, reason=t(e.key, **e.params)) from None
    settings = load()
    settings[key] = parsed
    _write(settings)
    return parsed


def unset(key: str) -> bool:
    """Remove one setting; False when it was not set."""
    known_key(key)
    settings = load()
    if key not in settings:
        return False
    del settings[key]
    _write(settings)
    return True


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(str(value), ensure_ascii=False)


def _write(settings: dict[str, Any]) -> None:
    """Write the file whole, atomically, readable by the user only."""
    tables: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for key in sorted(settings):
        table, _, name = key.rpartition(".")
        (tables.setdefault(table, {}) if table else top)[name or key] = settings[key]
    lines = ["# wor settings; change them with `wor config set KEY VALUE`."]
    lines += [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    for table, values in tables.items():
        lines.append(f"\n[{table}]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in values.items()]
    import tempfile

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- resolving the global options ------------------------------------------


def resolve(option: Any, env: str, key: str, settings: dict[str, Any]) -> Any:
    """Option > environment > config file > None (the caller's default)."""
    if option not in (None, ""):
        return option
    if os.environ.get(env):
        return os.environ[env]
    return get(key, settings) if key in settings else None
