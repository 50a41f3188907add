"""What a coach types after `wor edit --set`: `KEY=VALUE`, the value read as YAML reads it.

Kept apart from checking the correction (corrections.py): this is text only, and
the common correction never pays for importing the YAML parser.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from wor_cli import validation as v
from wor_cli.errors import BadInput

if TYPE_CHECKING:
    from wor_cli.intake.field import Field

_INT = re.compile(r"[-+]?[0-9]+")  # ASCII digits: "１９４９" is refused by the field, not read as 1949
_WORDS = {"true": True, "false": False, "yes": True, "no": False, "null": None, "~": None}


def parse_set(text: str) -> tuple[str, Any]:
    """`KEY=VALUE` as given to --set: the key, and the value as a YAML scalar or flow list.

    Plain values are read by hand, the way YAML reads them (whole numbers, true/false,
    null), so the common correction never pays for importing the YAML parser; lists
    and quoted values go through it. Text fields take what was typed as it stands
    (see `raw_for`).
    """
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise BadInput("edit.bad_set", given=text)
    return key, value


def value_of(text: str) -> Any:
    """A --set VALUE read as YAML would read it."""
    _readable(text)
    stripped = text.strip()
    if stripped == "":
        return None
    if stripped[0] in "[{'\"&*!|>%@`":
        from wor_cli import yamlfile
        from wor_cli.yamlfile import YamlProblem

        try:
            data, _ = yamlfile.load(stripped)
        except YamlProblem:
            raise v.Invalid("edit.bad_value") from None
        return data
    if _INT.fullmatch(stripped):
        if len(stripped) > 30:  # a 5000-digit number is not an answer to anything
            raise v.Invalid("field.not_number")
        return int(stripped)
    if stripped.lower() in _WORDS:
        return _WORDS[stripped.lower()]
    return stripped


def raw_for(field: Field | None, text: str) -> Any:
    """What a --set VALUE means for this field.

    Text is taken as typed (a phone number or AGB code with a leading zero is not a
    number, a note may hold a colon); quotes around it are YAML's and are removed.
    """
    if field is not None and field.kind in ("text", "longtext", "moment"):
        _readable(text)
        stripped = text.strip()
        if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "'\"":
            return value_of(stripped)
        return stripped or None
    return value_of(text)


def _readable(text: str) -> None:
    """Bytes that are not UTF-8 (a terminal set to another encoding) arrive as surrogates: refuse them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise v.Invalid("edit.not_utf8") from None
