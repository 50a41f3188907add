"""Imported activities written as catalogue YAML: one file per organisation, in DIR.

The YAML is written by hand rather than by PyYAML's dumper, for two reasons:
the files look like the ones coordinators type (flow lists for themes, times
in quotes, the keys in the order of catalogue-format.md, a note on where
each entry came from), and 20,000 activities take 0.7 s of CPU where the
C-accelerated dumper takes 7.8 s. A string is written plain only when YAML reads it back
as the same string; otherwise it is double-quoted with JSON's escapes, which
YAML reads the same way (tests/test_catalogue_import.py checks this with
generated strings).

Writing never leaves half a folder: a new DIR is filled under a temporary
name beside it and renamed into place at the end. With `--force` an existing
DIR keeps every file the import did not write; only files an earlier import
wrote (they start with the import note) and that this import does not write
again are removed, so a hand-made file or a `.git` folder in DIR survives.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from json.encoder import encode_basestring  # json.dumps(ensure_ascii=False) without building an encoder per call
from pathlib import Path
from typing import Any

from wor_cli.catalogue import forms
from wor_cli.catalogue.imported import Imported
from wor_cli.errors import BadInput, Refused
from wor_cli.i18n import t

MARK = "# wor catalogue import:"  # the first line of every file an import writes
KEY_ORDER = ("id", "name", "description", "themes", "keywords", "organization", "location", "online",
             "schedule", "cost", "eligibility", "accessibility", "languages", "contact", "verified")
NESTED_ORDER = {
    "location": ("name", "address", "postcode", "city", "lat", "lon"),
    "cost": ("amount", "per", "note"),
    "eligibility": ("min_age", "max_age", "note"),
    "contact": ("name", "phone", "email", "url"),
}
SLOT_ORDER = ("day", "start", "end", "frequency")

_PLAIN = re.compile(r"[^\W\d_][\w .'()/&+€%-]*(?<! )")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none"})
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # only a JSON escape can make one; no file can hold it


_SEEN: dict[str, str] = {}  # short strings repeat (towns, themes, days): each is judged once


def scalar(value: Any) -> str:
    """One value as YAML that reads back as exactly this value."""
    if type(value) is str:  # text first: nearly every value is
        if len(value) > 60:
            return _text(value)
        found = _SEEN.get(value)
        if found is None:
            found = _text(value)
            if len(_SEEN) < 100_000:
                _SEEN[value] = found
        return found
    if type(value) is float:
        return _number(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    return _text(value)


def _number(value: float) -> str:
    """A float as YAML reads it back as that float: YAML 1.1 wants a dot before an exponent
    ("1e-12" is text to it, "1.0e-12" a number)."""
    text = repr(value)
    if "e" in text and "." not in text:
        text = text.replace("e", ".0e", 1)
    return text


def scalars(values: list[Any]) -> list[str]:
    """`scalar` of each value, a column at a time (C-level maps, one look for odd characters in all)."""
    types = set(map(type, values))
    if types != {str}:
        if types == {float}:  # a column of coordinates
            return list(map(_number, values))
        return list(map(scalar, values))
    joined = "".join(values)
    if (not joined.isascii() or "\x7f" in joined) and _ODD.search(joined):
        return list(map(scalar, values))
    lines = "\n".join(values)
    if lines.count("\n") == len(values) - 1 and _PLAINS.fullmatch(lines) and _RESERVED.isdisjoint(map(str.lower, values)):
        return list(values)  # a column of names: every one plain, found by one expression over them all
    # Text without quotes, backslashes or control characters leaves JSON's escapes nothing to do.
    quote = '"{}"'.format if '"' not in joined and "\\" not in joined and forms.printable(joined) else encode_basestring
    # A comma is never plain: most descriptions have one, and looking for it is cheaper than the expression.
    return [value if "," not in value and _PLAIN.fullmatch(value) and not (len(value) <= 5 and value.lower() in _RESERVED)
            else quote(value) for value in values]


_ODD = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")  # _UNSAFE or _SURROGATE
_PLAINS = re.compile(f"(?:{_PLAIN.pattern})(?:\n(?:{_PLAIN.pattern}))*")  # _PLAIN, one per line


def _text(value: str) -> str:
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
        return value
    if not _ODD.search(value):  # the common case: JSON's escapes are all it needs
        return encode_basestring(value)
    quoted = encode_basestring(_SURROGATE.sub("\ufffd", value))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_BLOCKS: dict[tuple, str] = {}  # rendered slots, costs, age limits: they repeat across a catalogue


def _block(key: tuple, render) -> str:
    found = _BLOCKS.get(key)
    if found is None:
        found = render()
        if len(_BLOCKS) < 100_000:
            _BLOCKS[key] = found
    return found


def _typed(value: dict[str, Any]) -> list[tuple[str, Any, type]]:
    """The key of a block: with the types, since 1 and 1.0 (and True) are equal keys but not equal YAML."""
    return [(k, v, type(v)) for k, v in value.items()]


def mapping_lines(key: str, value: dict[str, Any]) -> str:
    lines = []
    for inner in NESTED_ORDER[key]:
        found = value.get(inner)
        if found is not None:
            lines.append(f"    {inner}: {scalar(found)}")
    return "\n".join(lines)


def slot_lines(slot: dict[str, Any]) -> str:
    lines, marker = [], "    - "
    for inner in SLOT_ORDER:
        found = slot.get(inner)
        if found is not None:
            lines.append(f"{marker}{inner}: {scalar(found)}")
            marker = "      "
    return "\n".join(lines)


def activity_yaml(activity: dict[str, Any], origin: str, comment: str | None = None) -> str:
    """One entry; `comment` is the "source" note with `{origin}` left in (made once per file)."""
    note = (comment or entry_note()).replace("{origin}", origin)
    lines = [note]
    add = lines.append
    lead = "- "
    for key in KEY_ORDER:
        value = activity.get(key)
        if value is None:
            continue
        if key in NESTED_ORDER:
            add(f"{lead}{key}:")
            if key in ("location", "contact"):  # different for nearly every activity
                add(mapping_lines(key, value))
            else:
                add(_block((key, *_typed(value)), lambda: mapping_lines(key, value)))
        elif key == "schedule":
            add(f"{lead}schedule:")
            for slot in value:
                add(_block(("slot", *_typed(slot)), lambda: slot_lines(slot)))
        elif type(value) is list:
            add(f"{lead}{key}: [{', '.join(map(scalar, value))}]")
        elif key == "verified":
            add(f"{lead}verified: {value}")  # a YAML date, as people write it
        else:
            add(f"{lead}{key}: {scalar(value)}")
        lead = "  "
    return "\n".join(lines)


def entry_note() -> str:
    """The "source" note above each entry, with `{origin}` left in to fill per entry."""
    return f"# {t('interchange.entry_source', origin='{origin}')}"


def files_for(imported: Imported) -> dict[str, str]:
    """File name -> YAML text, one file per organisation, in the order organisations appear."""
    groups: dict[str | None, list[str]] = {}
    if imported.rendered is not None:  # a clean spreadsheet, already written entry by entry
        for organization, text in imported.rendered:
            groups.setdefault(organization, []).append(text)
    else:
        comment = entry_note()
        for activity, origin in zip(imported.activities, imported.origins):
            groups.setdefault(activity.get("organization"), []).append(activity_yaml(activity, origin, comment))
    names: dict[str, str] = {}
    tried: dict[str, int] = {}  # where each stem's counting goes on (see Imported.settle_ids)
    header = (
        f"{MARK} {t('interchange.file_source', source=imported.source_name, kind=imported.kind, digest=imported.digest[:12])}\n"
        f"# {t('interchange.file_note')}\n"
    )
    for organization, entries in groups.items():
        stem = forms.slug(organization or "", 60) or t("interchange.no_organization_file")
        if organization and not forms.slug(organization):  # a name in another script: still its own file
            stem = f"organisatie-{hashlib.sha1(organization.encode('utf-8')).hexdigest()[:6]}"
        number = tried.get(stem, 1)
        name = f"{stem}.yaml" if number == 1 else f"{stem}-{number}.yaml"
        while name in names:
            number += 1
            name = f"{stem}-{number}.yaml"
        tried[stem] = number
        names[name] = header + "\n" + "\n\n".join(entries) + "\n"
    return names


def _protected(database: Path | None) -> list[Path]:
    if database is None:
        return []
    return [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _written_by_import(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.readline().startswith(MARK)
    except OSError:
        return False


def write(imported: Imported, target: Path, *, force: bool, database: Path | None = None) -> list[str]:
    """Write the files into `target`; returns the file names written.

    `database` (the referrals database in use) and its companion files are
    never written over, whatever they are called.
    """
    contents = files_for(imported)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise Refused("interchange.out_not_folder", path=str(target))
    if target.exists():
        if not force:
            raise Refused("interchange.out_exists", path=str(target))
        _write_into(target, contents, database)
    else:
        if not target.parent.is_dir():
            raise BadInput("interchange.out_parent_missing", path=str(target.parent))
        _write_new(target, contents)
    return list(contents)


def _write_new(target: Path, contents: dict[str, str]) -> None:
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.import-"))
    try:
        for name, text in contents.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        os.chmod(staging, 0o755)
        os.rename(staging, target)  # refuses if DIR appeared meanwhile
    except FileExistsError:
        shutil.rmtree(staging, ignore_errors=True)
        raise Refused("interchange.out_exists", path=str(target)) from None
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise Refused("file.cannot_write", path=str(target), reason=e.strerror or str(e)) from None
    except BaseException:  # Ctrl-C: no half-filled folder left behind
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_into(target: Path, contents: dict[str, str], database: Path | None) -> None:
    protected = _protected(database)
    for name in contents:
        existing = target / name
        if existing.is_symlink() or (existing.exists() and not existing.is_file()):
            raise Refused("interchange.out_not_regular", path=str(existing))
        if existing.exists() and any(_same(existing, other) for other in protected):
            raise Refused("output.is_database", path=str(existing))
        if existing.exists() and not _written_by_import(existing):
            # --force replaces what an import wrote, never a hand-made file that happens to share
            # an organisation's name (an organisation "Bewegen" and the coordinator's bewegen.yaml).
            raise Refused("interchange.hand_made_file", path=str(existing))
    staged: list[tuple[Path, Path]] = []
    try:
        for name, text in contents.items():
            fd, temporary = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
            staged.append((Path(temporary), target / name))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.chmod(temporary, 0o644)
        # Every file is written before any is put in place: a full disk leaves the old set whole.
        for temporary, final in staged:
            os.replace(temporary, final)
    except BaseException as e:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise Refused("file.cannot_write", path=str(target), reason=e.strerror or str(e)) from None
        raise
    for old in target.iterdir():
        if old.suffix in (".yaml", ".yml") and old.name not in contents and old.is_file() and not old.is_symlink():
            if _written_by_import(old):
                old.unlink()
