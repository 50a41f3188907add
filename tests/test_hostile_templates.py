"""Issue 10, classes 1 and 3: an organisation's letter templates cannot hang wor, fill the disk or leak a file.

Each hostile template replaces the acknowledgement letter (`nl/ontvangst.html.j2`) in
its own folder; every run is measured (tests/hostile.py) and must be refused naming the
template, with the database unchanged (a refused letter is not recorded).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.helpers import invoke, new_referral
from tests.hostile import assert_clean, dump, run_measured

# POSIX only: FIFOs, symlinks, fork, and `resource` for measuring.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX (mkfifo, fork, resource)")

SETTINGS = {
    "coach.name": "Sanne Visser", "coach.phone": "06 98765432", "coach.email": "sanne@example.org",
    "organisation.name": "Welzijn Zuid", "organisation.address": "Stationsplein 1, 8232 AB Lelystad",
}
HEAD = '{% extends "nl/_brief.html.j2" %}{% block body %}'
TAIL = "{% endblock %}"
HOSTILE = {
    "repeat": "{{ 'a' * 10**9 }}",
    "repeat-list": "{{ [1] * 100000000 }}",
    "power": "{{ 2 ** (2 ** 40) }}",
    "format-filter": "{{ '%999999999s'|format('x') }}",
    "format-method": "{{ '{:999999999}'.format('x') }}",
    "percent": "{{ '%0999999999d' % 5 }}",
    "center": "{{ 'x'|center(1000000000) }}",
    "indent": "{{ 'x\ny'|indent(1000000000) }}",
    "method-width": "{{ 'x'.rjust(1000000000) }}",
    "lipsum": "{{ lipsum(n=100000) }}",
    "loops-writing": "{% for i in range(10000) %}{% for j in range(10000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    # Three loops deep: two (10**8 empty turns) took about the watchdog's three seconds on a
    # loaded machine, finished just as it fired, and the letter was (rightly) written.
    "loops-silent": "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
                    "{% endfor %}{% endfor %}{% endfor %}",
    "big-range": "{% for i in range(100000000) %}{% endfor %}",
    # Doubling a value in a loop: 2**40 characters within the watchdog's three seconds (1.6 GB before it fired).
    "double-tilde": "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
    "double-plus": "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}{% endfor %}",
    "double-list": "{% set ns = namespace(x=[1]) %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}{% endfor %}",
    "double-join": "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = [ns.x, ns.x]|join %}{% endfor %}",
    "double-replace": "{% set ns = namespace(x='ab') %}{% for i in range(40) %}"
                      "{% set ns.x = ns.x|replace('a', ns.x) %}{% endfor %}",
    "double-method": "{% set ns = namespace(x='ab') %}{% for i in range(40) %}"
                     "{% set ns.x = ns.x.replace('a', ns.x) %}{% endfor %}",
}


def folder_with(tmp_path: Path, name: str, body: str | None = None) -> Path:
    folder = tmp_path / "sjablonen" / name / "nl"
    folder.mkdir(parents=True)
    if body is not None:
        (folder / "ontvangst.html.j2").write_text(HEAD + body + TAIL, encoding="utf-8")
    return folder.parent


def test_hostile_templates_are_stopped_and_named(tmp_path, db_path):
    for key, value in SETTINGS.items():
        assert invoke("config", "set", key, value).exit_code == 0
    ref = new_referral(tmp_path)
    before = dump(db_path)
    secret = tmp_path / "geheim.txt"
    secret.write_text("BSN 123456782 van iemand anders")
    folders = {name: folder_with(tmp_path, name, body) for name, body in HOSTILE.items()}
    linked = folder_with(tmp_path, "symlink")
    (linked / "nl" / "ontvangst.html.j2").symlink_to(secret)
    included = folder_with(tmp_path, "include", "{% include 'nl/geheim.html.j2' %}")
    (included / "nl" / "geheim.html.j2").symlink_to(secret)
    latin = folder_with(tmp_path, "latin1")
    (latin / "nl" / "ontvangst.html.j2").write_bytes((HEAD + "Café Müller" + TAIL).encode("latin-1"))
    fifo = folder_with(tmp_path, "fifo")
    os.mkfifo(fifo / "nl" / "ontvangst.html.j2")
    big = folder_with(tmp_path, "big", "x" * 400_000)
    named = {**folders, "symlink": linked, "include": included, "latin1": latin, "fifo": fifo, "big": big}
    cases = [["letter", ref, "--kind", "ontvangst", "--format", "txt", "--templates", folder]
             for folder in named.values()]
    results = run_measured([["list"], *cases], tmp_path)
    for name, result in zip(named, results[1:]):
        assert_clean(result, ".html.j2")
        assert result.code == 2, (name, result)
        assert "BSN" not in result.output, (name, result)
    assert dump(db_path) == before
    # The standard letter still renders through the same sandbox.
    plain = invoke("letter", ref, "--kind", "ontvangst", "--format", "txt")
    assert plain.exit_code == 0 and "Sanne Visser" in plain.stdout


@pytest.mark.parametrize("handling", ["SIG_IGN", "SIG_DFL"])
def test_the_watchdog_stops_a_template_where_ctrl_c_is_ignored(monkeypatch, handling):
    """Started in the background (`nohup wor letter ... &`, a scheduled task) a process ignores
    SIGINT, and the watchdog's interrupt did nothing: a template's endless loop ran on (found
    when .ci/run was started in the background). The handling is put back afterwards."""
    import signal
    import time

    from wor_cli.letters import sandbox

    def endless():
        start = time.monotonic()
        while time.monotonic() - start < 30:
            pass
        yield "never"

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.3)
    previous = signal.signal(signal.SIGINT, getattr(signal, handling))
    try:
        started = time.monotonic()
        with pytest.raises(sandbox.TemplateLimit):
            sandbox.render_bounded(endless(), "ontvangst.html.j2")
        assert time.monotonic() - started < 5
        assert signal.getsignal(signal.SIGINT) == getattr(signal, handling)
    finally:
        signal.signal(signal.SIGINT, previous)
