"""`wor edit`: every editable key, all or nothing, audit rows naming keys only."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.helpers import NEW_REFERRAL, TODAY, contact, invoke, new_referral, write_yaml
from tests.prompts import answering
from wor_cli import corrections, set_values
from wor_cli.intake import fields as F
from wor_cli.intake.field import Field

FIRST = {"contact": {"date": "2026-11-09", "mode": "phone", "what_matters": "Weer onder de mensen komen"},
         "measures": {"ons4": [4, 4, 4, 8]}, "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"}]}
SECOND_AND_CLOSE = {"contact": {"date": "2026-11-16", "mode": "face-to-face"}, "measures": {"ons4": [7, 7, 6, 3]},
                    "close": {"outcome": "completed", "summary": "Wandelt nu elke week mee.", "shareable": True}}
FOLLOWUP = {"followup": {"date": "2026-11-22", "still_taking_part": "yes", "satisfaction": 7, "gp_visits_after": 1}}

# Every key `wor edit` corrects: what is typed after `=`, and what `wor show --json` then holds.
# A field added to fields.py without a line here fails test_every_editable_key_has_a_case.
CASES = {
    "client.name": ("Anna de Wit-Bakker", "Anna de Wit-Bakker"),
    "client.birth_year": ("1949", 1949),
    "client.postcode": ("8011ab", "8011 AB"),
    "client.phone": ("0612345679", "0612345679"),
    "client.email": ("anna.dewit@example.org", "anna.dewit@example.org"),
    "client.languages": ("[nl, tr]", ["nl", "tr"]),
    "client.salutation": ("mevrouw", "mevrouw"),
    "referrer.address": ("Kerkstraat 1, 8232 AB Lelystad", "Kerkstraat 1, 8232 AB Lelystad"),
    "contact.note_for_gp": ("Slaapt slecht.", "Slaapt slecht."),
    "close.story": ("Gaat nu elke week naar de buurtkamer.", "Gaat nu elke week naar de buurtkamer."),
    "referral.gp_visits_before": ("4", 4),
    "close.dropout_reason": ("health", "health"),
    "close.referred_to": ("Maatschappelijk werk", "Maatschappelijk werk"),
    "referrer.name": ("J. Jansen", "J. Jansen"),
    "referrer.practice": ("Praktijk Zuid", "Praktijk Zuid"),
    "referrer.agb": ("07654321", "07654321"),
    "referrer.email": ("praktijk@example.org", "praktijk@example.org"),
    "referral.date": ("2026-11-03", "2026-11-03"),
    "referral.reasons": ("[stress, rouw]", ["stress", "rouw"]),
    "referral.question": ("Rouw na verlies: wil weer iets doen.", "Rouw na verlies: wil weer iets doen."),
    "consent.gp_feedback": ("false", False),
    "consent.date": ("3-11-2026", "2026-11-03"),
    "contact.date": ("2026-11-10", "2026-11-10"),
    "contact.mode": ("video", "video"),
    "contact.minutes": ("30", 30),
    "contact.what_matters": ("Iets met de handen doen", "Iets met de handen doen"),
    "contact.barriers": ("[vervoer, kosten]", ["vervoer", "kosten"]),
    "contact.notes": ("Notitie: belt zelf terug", "Notitie: belt zelf terug"),
    "contact.next_steps": ("Samen naar de wandelgroep", "Samen naar de wandelgroep"),
    "contact.next_appointment": ("16-11-2026 10:30", "2026-11-16 10:30"),
    "close.outcome": ("stopped-early", "stopped-early"),
    "close.summary": ("Kort traject.", "Kort traject."),
    "close.shareable": ("false", False),
    "close.date": ("2026-11-20", "2026-11-20"),
    "followup.date": ("21-11-2026", "2026-11-21"),
    "followup.still_taking_part": ("other-activity", "other-activity"),
    "followup.satisfaction": ("9", 9),
    "followup.gp_visits_after": ("2", 2),
}
# Keys that belong with another value (a dropout reason with an early stop): set together.
ALONG = {"close.dropout_reason": ("close.outcome", "stopped-early"), "close.referred_to": ("close.outcome", "referred-elsewhere")}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A referral with two conversations, closed: made once, copied for each test (keeps the suite fast)."""
    folder = tmp_path_factory.mktemp("edit-template")
    path = folder / "wor.db"
    answers = write_yaml(folder / "new.yaml", NEW_REFERRAL)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WOR_TODAY", TODAY)
        patch.setenv("WOR_HOME", str(folder / "home"))  # never the user's own folders
        assert invoke("--db", path, "intake", "--new", "--answers", answers, "--no-input").exit_code == 0
        for number, step in enumerate((FIRST, SECOND_AND_CLOSE, FOLLOWUP), 1):
            result = invoke("--db", path, "intake", "R26-0001", "--answers", write_yaml(folder / f"{number}.yaml", step),
                            "--no-input")
            assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def closed(template, db_path):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(template), sqlite3.connect(db_path)
    source.backup(target)
    source.close()
    target.close()
    return "R26-0001"


def show(ref: str) -> dict:
    result = invoke("show", ref, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def value_in(record: dict, key: str, number: int = 1):
    section, _, name = key.split(".")[0], None, key.split(".")[1]
    if section == "contact":
        return record["contacts"][number - 1][name]
    return record[section][name]


def dump(db_path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_every_editable_key_has_a_case():
    # consent.processing can only stay true (see the rejected edits below)
    assert sorted(CASES) == sorted(f.key for f in corrections.editable() if f.key != "consent.processing")


@pytest.mark.parametrize("key", sorted(CASES))
def test_every_editable_key_through_set(closed, key, store):
    typed, expected = CASES[key]
    extra = ["--contact", "1"] if key.startswith("contact.") else []
    along = [f"{ALONG[key][0]}={ALONG[key][1]}"] if key in ALONG else []
    result = invoke("edit", closed, *extra, *(f for a in along for f in ("--set", a)), "--set", f"{key}={typed}", "--json")
    assert result.exit_code == 0, result.output
    assert value_in(json.loads(result.stdout), key) == expected
    assert value_in(show(closed), key) == expected
    row = store.row("SELECT action, ref, detail FROM audit WHERE action = 'edit'")
    assert row == {"action": "edit", "ref": closed, "detail": ", ".join([*(a.split("=")[0] for a in along), key])}
    assert store.value("SELECT corrected FROM referrals") is not None


def test_several_keys_in_one_call_one_audit_row_naming_keys_not_values(closed, store):
    result = invoke("edit", closed, "--set", "client.birth_year=1950", "--set", "client.name=Anna Bakker",
                    "--set", "close.shareable=false")
    assert result.exit_code == 0, result.output
    rows = store.rows("SELECT * FROM audit WHERE action = 'edit'")
    assert len(rows) == 1
    assert rows[0]["detail"] == "client.birth_year, client.name, close.shareable"
    everything = json.dumps(store.rows("SELECT * FROM audit"))
    assert "Bakker" not in everything and "1950" not in everything


@pytest.mark.parametrize(
    ("args", "code", "named"),
    [
        (["--set", "client.birth_year=1849"], 2, "client.birth_year"),
        (["--set", "client.birth_year=" + "9" * 5000], 2, "client.birth_year"),
        (["--set", "client.shoe_size=39"], 2, "client.shoe_size"),
        (["--set", "clinet.name=Anna"], 2, "client.name"),  # did you mean
        (["--set", "client.name="], 2, "client.name"),  # required, cannot be emptied
        (["--set", "client.name"], 2, "client.name"),  # no "="
        (["--set", "referral.reasons=[eenzaam]"], 2, "referral.reasons"),
        (["--set", "referral.reasons=[eenzaamheid, rouw"], 2, "referral.reasons"),
        (["--set", "referral.date=2026-11-12"], 2, "referral.date"),  # after the first conversation
        (["--set", "referral.date=2026-02-30"], 2, "referral.date"),
        (["--contact", "2", "--set", "contact.date=2026-11-08"], 2, "contact.date"),  # before conversation 1
        (["--contact", "1", "--set", "contact.date=2026-11-17"], 2, "contact.date"),  # after conversation 2
        (["--contact", "1", "--set", "contact.mode=zoom"], 2, "contact.mode"),
        (["--contact", "1", "--set", "contact.next_appointment=2026-11-01"], 2, "contact.next_appointment"),
        (["--contact", "9", "--set", "contact.mode=phone"], 2, "9"),
        (["--set", "contact.mode=phone"], 2, "--contact"),
        (["--contact", "1", "--set", "measures.ons4=[5, 5, 11, 5]"], 2, "measures.ons4"),
        (["--contact", "1", "--set", "measures.wemwbs=[1]"], 2, "measures.wemwbs"),
        (["--set", "activities.bestaat-niet=started"], 2, "activities.bestaat-niet"),
        (["--set", "activities.wandelgroep-hollandse-hout=busy"], 2, "busy"),
        (["--set", "close.outcome=done"], 2, "close.outcome"),
        (["--set", "close.date=2026-11-15"], 2, "close.date"),  # before the last conversation
        (["--set", "close.shareable=misschien"], 2, "close.shareable"),
        (["--set", "client.birth_year=1950", "--set", "client.birth_year=1951"], 2, "client.birth_year"),
        (["--set", "client.name=Jos\udcff"], 2, "client.name"),  # bytes that were not UTF-8
        (["--set", "client.birth_year=.nan"], 2, "client.birth_year"),
        (["--set", "referral.reasons=&a [*a, *a]"], 2, "referral.reasons"),
        (["--contact", "1", "--set", "contact.next_appointment=2030-01-01"], 2, "contact.next_appointment"),
        (["--set", "consent.processing=false"], 1, "wor forget"),
        (["--set", "client.birth_year=1950", "--set", "consent.processing=false"], 1, "wor forget"),
    ],
)
def test_a_rejected_edit_changes_nothing_at_all(closed, db_path, args, code, named):
    before = dump(db_path)
    result = invoke("edit", closed, *args)
    assert result.exit_code == code, result.output
    assert named in result.stderr
    assert "Traceback" not in result.output
    assert dump(db_path) == before


def test_one_bad_value_among_good_ones_writes_none_of_them(closed, db_path):
    before = dump(db_path)
    result = invoke("edit", closed, "--set", "client.birth_year=1950", "--set", "client.postcode=nergens")
    assert result.exit_code == 2 and "client.postcode" in result.stderr
    assert dump(db_path) == before


def test_closing_keys_on_an_open_referral_are_refused(tmp_path, db_path):
    ref = new_referral(tmp_path)
    before = dump(db_path)
    result = invoke("edit", ref, "--set", "close.summary=Klaar.")
    assert result.exit_code == 2 and "close.summary" in result.stderr and "niet afgesloten" in result.stderr
    assert dump(db_path) == before


def test_an_unknown_reference_is_exit_1(tmp_path):
    new_referral(tmp_path)
    result = invoke("edit", "R26-0099", "--set", "client.birth_year=1950")
    assert result.exit_code == 1 and "R26-0099" in result.stderr


def test_nothing_changed_is_said_and_not_audited(closed, store):
    result = invoke("edit", closed, "--set", "client.birth_year=1948")
    assert result.exit_code == 0 and "Niets veranderd" in result.stdout
    assert store.value("SELECT count(*) FROM audit WHERE action = 'edit'") == 0
    assert store.value("SELECT corrected FROM referrals") is None


def test_withdrawing_gp_consent_refuses_gp_letters_from_then_on(closed, store):
    assert invoke("edit", closed, "--set", "consent.gp_feedback=false").exit_code == 0
    result = invoke("letter", closed, "--kind", "eind", "--format", "txt")
    assert result.exit_code == 1 and "toestemming" in result.stderr
    assert store.value("SELECT count(*) FROM consents") == 2  # the history of consent stays


def test_not_shareable_takes_the_story_out_of_every_later_report(closed, tmp_path):
    def stories() -> list[str]:
        result = invoke("report", "--from", "2026-01-01", "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["stories"]

    assert any("Wandelt nu elke week mee" in story for story in stories())
    assert invoke("edit", closed, "--set", "close.shareable=false").exit_code == 0
    assert stories() == []
    for fmt in ("table", "csv"):
        assert "Wandelt nu elke week mee" not in invoke("report", "--from", "2026-01-01", "--format", fmt).stdout
    page = tmp_path / "verslag.html"  # html is a file (without --out it landed in the working folder)
    assert invoke("report", "--from", "2026-01-01", "--format", "html", "--out", page).exit_code == 0
    assert "Wandelt nu elke week mee" not in page.read_text(encoding="utf-8")


def test_a_new_practice_points_this_referral_to_another_gp_only(tmp_path, closed, store):
    other = new_referral(tmp_path)  # the same GP
    assert invoke("edit", closed, "--set", "referrer.practice=Praktijk Zuid").exit_code == 0
    assert show(closed)["referrer"]["practice"] == "Praktijk Zuid"
    assert show(closed)["referrer"]["agb"] == "01234567"  # the same GP (AGB is personal) at another practice
    assert show(other)["referrer"]["practice"] == "Huisartsenpraktijk Atolwijk"
    # Back to the known GP: no third referrer is made.
    assert invoke("edit", closed, "--set", "referrer.practice=huisartsenpraktijk atolwijk").exit_code == 0
    assert store.value("SELECT count(DISTINCT referrer_id) FROM referrals") == 1


def test_activities_and_measures_of_a_conversation(closed, store):
    result = invoke("edit", closed, "--contact", "1", "--set", "measures.ons4=[5, 5, 5, 5]",
                    "--set", "measures.djg6=[ja, nee, nee, ja, nee, ja]",
                    "--set", "activities.wandelgroep-hollandse-hout=started")
    assert result.exit_code == 0, result.output
    record = show(closed)
    first = [m for m in record["measures"] if m["contact"] == 1]
    assert {m["instrument"]: m["answers"] for m in first} == {
        "ons4": [5, 5, 5, 5], "djg6": ["ja", "nee", "nee", "ja", "nee", "ja"]}
    assert record["activities"][0]["status"] == "started"
    # The report's summary tables follow (kept by triggers).
    assert store.value("SELECT first FROM outcome_scores WHERE score = 'anxious'") == 5


def test_deleting_a_conversation_recorded_by_mistake(closed, store):
    result = invoke("edit", closed, "--delete-contact", "1")  # no terminal, no --yes
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert invoke("edit", closed, "--delete-contact", "3", "--yes").exit_code == 2
    result = invoke("edit", closed, "--delete-contact", "1", "--yes")
    assert result.exit_code == 0, result.output
    record = show(closed)
    assert [(c["number"], c["date"]) for c in record["contacts"]] == [(1, "2026-11-16")]
    assert [(m["contact"], m["answers"]) for m in record["measures"]] == [(1, [7, 7, 6, 3])]
    assert store.value("SELECT contacts FROM referral_progress") == 1
    assert store.value("SELECT detail FROM audit WHERE action = 'edit'") == "delete-contact 1"


def test_deleting_the_only_conversation_makes_the_referral_new_again(tmp_path):
    ref = new_referral(tmp_path)
    assert contact(tmp_path, ref, FIRST).exit_code == 0
    assert invoke("edit", ref, "--delete-contact", "1", "--yes").exit_code == 0
    assert show(ref)["status"] == "new"


def test_export_client_says_when_the_record_was_last_corrected(closed, tmp_path):
    out = tmp_path / "export.json"
    assert invoke("export-client", closed, "--out", out).exit_code == 0
    assert json.loads(out.read_text())["record"]["corrected"] is None
    assert invoke("edit", closed, "--set", "client.birth_year=1950").exit_code == 0
    out.unlink()
    assert invoke("export-client", closed, "--out", out).exit_code == 0
    assert json.loads(out.read_text())["record"]["corrected"].startswith("2026-11-23T")


def test_set_values_are_read_as_yaml_scalars():
    assert set_values.value_of("1949") == 1949
    assert set_values.value_of("[eenzaamheid, rouw]") == ["eenzaamheid", "rouw"]
    assert set_values.value_of("true") is True and set_values.value_of("") is None
    assert set_values.raw_for(F.get("client.phone"), "0612345678") == "0612345678"
    assert set_values.raw_for(F.get("client.name"), "'Anna: de Wit'") == "Anna: de Wit"


# --- the interactive editor, in-process, answered by question key (tests/prompts.py) ----------

MENU_DONE = "__done__"  # the editor's "klaar" (commands/edit.py DONE)


def _answer_for(field: Field, wanted):
    """What a coach answers at `field`'s prompt to make it `wanted`."""
    if field.kind == "choice" and wanted is None:
        return ""  # "weet ik niet"
    if field.kind == "choices":
        return ", ".join(wanted) if field.open_list else list(wanted)  # a list one may extend is typed
    if field.kind in ("yesno", "choice"):
        return wanted
    return CASES[field.key][0]  # typed as for --set


@pytest.mark.parametrize("section", ["client", "referrer", "referral", "consent", "contact", "close", "followup"])
def test_every_editable_key_through_the_interactive_editor(closed, section, store):
    """Every field of a section changed in one pass of the editor (one prompt per row of the table).

    A field that belongs with another answer (a dropout reason with an early stop) is asked
    only when the answers before it call for it, as in intake.
    """
    wanted = {key: expected for key, (_, expected) in CASES.items()}
    changed = [
        f for f in corrections.editable(section)
        if f.key != "consent.processing" and (f.ask_if is None or f.ask_if(wanted))  # withdrawing: `wor forget`
    ]
    answers = {f.key: _answer_for(f, CASES[f.key][1]) for f in changed}
    menu = "contact:1" if section == "contact" else section
    with answering({"edit.what": [menu, MENU_DONE], **answers, "edit.confirm": True}) as asked:
        result = invoke("edit", closed)
    assert result.exit_code == 0, result.output
    assert asked.keys == ["edit.what", *(f.key for f in changed), "edit.confirm", "edit.what"]
    after = show(closed)
    for field in changed:
        assert value_in(after, field.key) == CASES[field.key][1], field.key
    assert store.value("SELECT detail FROM audit WHERE action = 'edit'") == ", ".join(f.key for f in changed)


def test_enter_everywhere_in_the_editor_changes_nothing(closed, db_path):
    before = dump(db_path)
    with answering({"edit.what": ["client", MENU_DONE]}) as asked:  # every field: Enter keeps it
        result = invoke("edit", closed)
    assert result.exit_code == 0, result.output
    assert "Niets veranderd" in result.stdout and "edit.confirm" not in asked.keys
    assert asked.keys[1:-1] == [f.key for f in corrections.editable("client")]
    assert dump(db_path) == before


def test_the_editor_changes_an_activity_status_and_can_say_no(closed, store):
    walking = "wandelgroep-hollandse-hout"
    answers = {"edit.what": ["activity", "activity", MENU_DONE], "edit.activity": [walking, walking],
               f"activities.{walking}": ["started", "started"],  # suggested -> started, twice
               "edit.confirm": [False, True]}  # not saved after all; then saved
    with answering(answers):
        result = invoke("edit", closed)
    assert result.exit_code == 0, result.output
    assert show(closed)["activities"][0]["status"] == "started"
    assert store.value("SELECT count(*) FROM audit WHERE action = 'edit'") == 1


def test_a_wrong_answer_in_the_editor_is_pointed_out_and_asked_again(closed):
    answers = {"edit.what": ["client", MENU_DONE], "client.birth_year": ["1849", "1951"], "edit.confirm": True}
    with answering(answers) as asked:
        result = invoke("edit", closed)
    assert result.exit_code == 0, result.output
    assert len(asked.errors["client.birth_year"]) == 1
    assert show(closed)["client"]["birth_year"] == 1951


def test_delete_a_conversation_at_the_terminal_asks_first(closed):
    with answering() as asked:  # Enter: the default is no
        result = invoke("edit", closed, "--delete-contact", "1")
    assert result.exit_code == 0 and len(show(closed)["contacts"]) == 2
    assert asked.question("edit.delete").default is False
    with answering({"edit.delete": True}):
        result = invoke("edit", closed, "--delete-contact", "1")
    assert result.exit_code == 0 and len(show(closed)["contacts"]) == 1


def test_another_gp_does_not_inherit_the_old_gps_agb_code(closed):
    assert invoke("edit", closed, "--set", "referrer.name=J. Jansen").exit_code == 0
    assert show(closed)["referrer"] == {"name": "J. Jansen", "practice": "Huisartsenpraktijk Atolwijk",
                                        "agb": None, "email": None, "address": None}


def test_the_editor_does_not_offer_the_old_gps_agb_for_another_gp(closed):
    answers = {"edit.what": ["referrer", MENU_DONE], "referrer.name": "J. Jansen", "edit.confirm": True}
    with answering(answers) as asked:  # practice, agb, e-mail, address: Enter keeps each
        result = invoke("edit", closed)
    assert result.exit_code == 0, result.output
    assert asked.question("referrer.practice").default == "Huisartsenpraktijk Atolwijk"
    assert asked.question("referrer.agb").default == ""
    assert show(closed)["referrer"]["agb"] is None


def test_the_wrong_gp_is_corrected_by_picking_the_right_one(tmp_path, closed, store):
    new_referral(tmp_path, referrer__name="J. Jansen", referrer__practice="Praktijk Zuid", referrer__agb="07654321")
    jansen = store.value("SELECT id FROM referrers WHERE name = 'J. Jansen'")
    answers = {"edit.what": ["referrer", MENU_DONE],
               "edit.referrer": jansen,  # not "this referrer, other details": J. Jansen, known already
               "edit.confirm": True}
    with answering(answers) as asked:
        result = invoke("edit", closed)
    assert result.exit_code == 0, result.output
    assert "referrer.name" not in asked.keys
    assert show(closed)["referrer"] == {"name": "J. Jansen", "practice": "Praktijk Zuid", "agb": "07654321",
                                        "email": None, "address": None}
    assert store.value("SELECT count(*) FROM referrers") == 2


def test_a_new_outcome_clears_the_reason_that_belonged_to_the_old_one(closed):
    assert invoke("edit", closed, "--set", "close.outcome=stopped-early", "--set", "close.dropout_reason=moved").exit_code == 0
    result = invoke("edit", closed, "--set", "close.outcome=completed", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["close"] == show(closed)["close"]
    assert show(closed)["close"]["dropout_reason"] is None
    assert "close.dropout_reason" in invoke("edit", closed, "--set", "close.outcome=stopped-early",
                                            "--set", "close.dropout_reason=moved").stdout


def test_a_reason_that_does_not_belong_with_the_outcome_is_refused(closed, db_path):
    before = dump(db_path)
    result = invoke("edit", closed, "--set", "close.dropout_reason=moved")
    assert result.exit_code == 2
    assert "close.dropout_reason" in result.stderr and "stopped-early" in result.stderr
    assert dump(db_path) == before


def test_enter_through_the_closing_keeps_an_open_dropout_reason_open(closed, db_path):
    assert invoke("edit", closed, "--set", "close.outcome=no-show").exit_code == 0
    before = dump(db_path)
    asked_for = [f.key for f in corrections.editable("close")
                 if f.ask_if is None or f.ask_if({"close.outcome": "no-show", "close.shareable": True})]
    with answering({"edit.what": ["close", MENU_DONE]}) as asked:
        result = invoke("edit", closed)
    assert result.exit_code == 0, result.output
    assert asked.keys[1:-1] == asked_for and "close.dropout_reason" in asked_for
    assert asked.question("close.dropout_reason").default == ""  # "weet ik niet", kept by Enter
    assert dump(db_path) == before


def test_the_follow_up_date_keeps_after_the_closing(closed):
    result = invoke("edit", closed, "--set", "followup.date=2026-11-10")
    assert result.exit_code == 2 and "followup.date" in result.stderr
    result = invoke("edit", closed, "--set", "close.date=2026-11-23")
    assert result.exit_code == 2 and "close.date" in result.stderr


@pytest.mark.parametrize("key, value", [("client.birth_year", "１９４９"), ("followup.satisfaction", "８"),
                                        ("contact.minutes", "³⁰")])
def test_digits_that_are_not_ascii_are_refused_by_set(closed, db_path, key, value):
    before = dump(db_path)
    extra = ["--contact", "1"] if key.startswith("contact.") else []
    result = invoke("edit", closed, *extra, "--set", f"{key}={value}")
    assert result.exit_code == 2 and key in result.stderr, result.output
    assert dump(db_path) == before
