"""wor forget: every trace of a client goes, from every table and from the file's bytes."""

from __future__ import annotations

import json
import sqlite3

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tests.helpers import contact, invoke, new_referral
from tests.privacy_helpers import SECRET_NOTE, occurs

ANNA = {"name": "Anna de Wit", "phone": "06 12345678", "email": "anna@example.org"}


def _full_record(tmp_path) -> str:
    """Anna with a conversation, notes, a questionnaire and an activity from the bundled catalogue."""
    ref = new_referral(tmp_path)
    result = contact(tmp_path, ref, {
        "contact": {"date": "2026-11-09", "mode": "home-visit", "minutes": 50,
                    "what_matters": "Weer onder de mensen komen.", "notes": SECRET_NOTE},
        "measures": {"ons4": [6, 5, 4, 7]},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"}],
    })
    assert result.exit_code == 0, result.output
    return ref


def _unfinished_new_referral(store_path, name: str) -> None:
    """A draft of a new referral typed at a terminal and not finished: it holds the name."""
    from wor_cli.intake import drafts
    from wor_cli.store import open_store

    store = open_store(store_path)
    drafts.save(store, None, drafts.NEW_REFERRAL, None,
                {"consent.processing": True, "client.name": name, "client.birth_year": "1948"})
    store.close()


def test_forget_leaves_no_trace_in_the_file_or_its_wal(tmp_path, db_path):
    ref = _full_record(tmp_path)
    other = new_referral(tmp_path, client__name="Bert Bos", client__phone="06 99887766",
                         client__email="bert@example.org", referral__question="Zit veel thuis na zijn pensioen.")
    _unfinished_new_referral(db_path, "anna de wit")  # the coach started Anna again, never finished
    _unfinished_new_referral(db_path, "Carla Smit")
    assert invoke("show", ref).exit_code == 0
    for text in (*ANNA.values(), SECRET_NOTE):
        assert occurs(db_path, text), text  # the search does find what is there

    result = invoke("forget", ref, "--confirm", ref.lower(), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"erased": [ref], "wiped": True}

    for text in (*ANNA.values(), "anna de wit", SECRET_NOTE, "Voelt zich eenzaam sinds het overlijden"):
        assert not occurs(db_path, text), text
    # Everyone else is intact.
    bert = json.loads(invoke("show", other, "--json").stdout)
    assert bert["client"]["phone"] == "06 99887766"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    drafts_left = [json.loads(a)["client.name"] for (a,) in conn.execute("SELECT answers FROM drafts")]
    assert drafts_left == ["Carla Smit"]
    for table in ("consents", "contacts", "measures", "activity_links", "letters"):
        assert conn.execute(f"SELECT count(*) FROM {table} t JOIN referrals r ON r.id = t.referral_id "
                            "WHERE r.ref = ?", (ref,)).fetchone()[0] == 0
    trail = conn.execute("SELECT action, ref FROM audit WHERE ref = ? ORDER BY id", (ref,)).fetchall()
    conn.close()
    assert trail[0] == ("referral.create", ref) and trail[-1] == ("referral.forget", ref)
    shown = invoke("show", ref)
    assert shown.exit_code == 1
    assert "is gewist op 2026-11-23" in shown.stderr


def test_forget_without_terminal_needs_confirm(tmp_path, db_path):
    ref = new_referral(tmp_path)
    result = invoke("forget", ref)
    assert result.exit_code == 2
    assert f"--confirm {ref}" in result.stderr
    assert invoke("show", ref).exit_code == 0


def test_forget_with_the_wrong_confirmation_erases_nothing(tmp_path, db_path):
    ref = new_referral(tmp_path)
    other = new_referral(tmp_path, client__name="Bert Bos")
    result = invoke("forget", ref, "--confirm", other)
    assert result.exit_code == 2
    assert invoke("show", ref).exit_code == 0 and invoke("show", other).exit_code == 0


def test_forget_an_unknown_reference(db_path, tmp_path):
    new_referral(tmp_path)
    result = invoke("forget", "R26-0099", "--confirm", "R26-0099")
    assert result.exit_code == 1
    assert "Geen verwijzing" in result.stderr


def _typed(text: str, *args: str):
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(text + "\r")
        return invoke(*args)


def test_forget_at_a_terminal_asks_to_type_the_reference(tmp_path, db_path):
    ref = new_referral(tmp_path)
    wrong = _typed("R26-0002", "forget", ref)
    assert wrong.exit_code == 1
    assert "niets gewist" in wrong.stderr
    assert invoke("show", ref).exit_code == 0
    right = _typed(ref, "forget", ref)
    assert right.exit_code == 0, right.output
    assert "Anna de Wit" in right.stdout  # the coach saw whom they were erasing
    assert invoke("show", ref).exit_code == 1


def test_forget_mentions_look_alikes_but_leaves_them(tmp_path, db_path):
    ref = new_referral(tmp_path)
    twin = new_referral(tmp_path)  # the same person entered twice
    result = invoke("forget", ref, "--confirm", ref)
    assert result.exit_code == 0
    assert twin in result.stderr
    assert invoke("show", twin).exit_code == 0


def test_the_audit_trail_never_holds_content(tmp_path, db_path):
    ref = _full_record(tmp_path)
    invoke("show", ref)
    invoke("export-client", ref, "--out", tmp_path / "export.json")
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT at, user, action, coalesce(ref, '') FROM audit").fetchall()
    conn.close()
    text = " ".join(" ".join(row) for row in rows)
    for secret in (*ANNA.values(), SECRET_NOTE, "Weer onder de mensen"):
        assert secret not in text
    actions = {row[2] for row in rows}
    assert {"referral.create", "contact.1", "referral.show", "client.export"} <= actions
