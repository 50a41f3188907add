"""Shared test helpers: running `wor` in-process, and realistic answers files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

TODAY = "2026-11-23"
ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "catalogue"

NEW_REFERRAL: dict[str, Any] = {
    "client": {
        "name": "Anna de Wit",
        "birth_year": 1948,
        "postcode": "8232 JH",
        "phone": "06 12345678",
        "email": "anna@example.org",
        "languages": ["nl"],
    },
    "referrer": {"name": "P. de Boer", "practice": "Huisartsenpraktijk Atolwijk", "agb": "01234567"},
    "referral": {
        "date": "2026-11-02",
        "reasons": ["eenzaamheid", "rouw"],
        "question": "Voelt zich eenzaam sinds het overlijden van haar man.",
    },
    "consent": {"processing": True, "gp_feedback": True, "date": "2026-11-02"},
}


def invoke(*args: str, input: str | None = None):
    """Run `wor ARGS` in this process, as `main()` would, and return the result."""
    from wor_cli import cli

    argv = [str(a) for a in args]
    cli.prepare(argv)
    return CliRunner().invoke(cli.build_app(), argv, input=input, catch_exceptions=False)


def typed(*args: str, keys: str):
    """Run `wor ARGS` in this process with `keys` typed at its prompts, then the end of input.

    Ending the input makes a key script that runs short (a question was added) fail
    at once instead of waiting forever for the next key.
    """
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            return invoke(*args)


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def new_referral(tmp_path: Path, **changes: Any) -> str:
    """Record a referral from an answers file; returns its reference."""
    data = json.loads(json.dumps(NEW_REFERRAL))
    for dotted, value in changes.items():
        section, _, key = dotted.partition("__")
        data[section][key] = value
    answers = write_yaml(tmp_path / "new.yaml", data)
    result = invoke("intake", "--new", "--answers", answers, "--no-input", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["ref"]


def contact(tmp_path: Path, ref: str, data: dict[str, Any], *extra: str):
    path = write_yaml(tmp_path / f"contact-{ref}.yaml", data)
    return invoke("intake", ref, "--answers", path, "--no-input", *extra)
