#!/usr/bin/env python3
"""Write a realistic, synthetic `wor` database: for the report tests and the benchmark.

    python tests/tools/make_database.py OUT.db [--referrals 10000] [--contacts 50000]
                                               [--end 2026-11-23] [--seed 1]

Deterministic for a given seed. Referrals arrive from the first of January of
the end date's year up to the end date, from a few dozen GPs in a dozen
practices, for the reasons of cli.md. Each gets contacts two or three weeks
apart (none after the end date), ONS4 and De Jong Gierveld at the first contact
and again at closing (scored by the real instruments, with a tendency to
improve), activities from the bundled catalogue, and a closing outcome.

The people are invented but look real: Dutch first names and surnames with
their particles, streets and house numbers, postcodes, phone numbers, e-mail
addresses, birth years. The closing summaries - many of them marked shareable -
deliberately mention the client's name, neighbours, streets, places,
organisations, phone numbers, e-mail addresses, ages and dates, the way a
hurried coach might write them, so the tests can prove that none of it reaches
a report. `make()` returns what it put in, so tests know what to look for.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

FIRST_NAMES = [
    "Anna", "Maria", "Johanna", "Cornelia", "Wilhelmina", "Hendrika", "Geertruida", "Elisabeth",
    "Margaretha", "Adriana", "Ingrid", "Marianne", "Petronella", "Gerda", "Aaltje", "Fenna",
    "Jantina", "Riekje", "Sjoukje", "Fatima", "Khadija", "Aylin", "Nadia", "Agnieszka", "Olena",
    "Johannes", "Hendrik", "Cornelis", "Willem", "Gerrit", "Jacobus", "Theodorus", "Antonius",
    "Pieter", "Klaas", "Dirk", "Gijsbert", "Harm", "Sjoerd", "Wiebe", "Ahmed", "Mustafa",
    "Mehmet", "Tomasz", "Dmytro", "Winston", "Ruud", "Henk", "Gert-Jan", "Jan-Willem",
]
SURNAMES = [
    "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
    "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
    "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet",
    "Hoekstra", "Postma", "Wijnberg", "Terpstra", "El Amrani", "Yilmaz", "Kowalski", "Bouzid",
    "Veldkamp", "Oosterhuis", "Hofstede-Rademaker",
]
STREETS = [
    "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Beatrixlaan",
    "Julianastraat", "Parklaan", "Zuiderwagenplein", "Koraalrif", "Atolplein", "Botter",
    "Schouw", "Waterwijkweg", "Larserdreef", "Kempenaar", "Griend", "Zuigerplasdreef",
    "Lindelaan", "Eikenlaan", "Wilhelminasingel", "Havenkade", "Bolderkamp", "Maerlantlaan",
]
PLACES = ["Lelystad", "Dronten", "Almere", "Zeewolde", "Swifterbant", "Biddinghuizen", "Urk", "Emmeloord"]
NEIGHBOURHOODS = ["Atolwijk", "Boswijk", "Bolderwijk", "Zuiderzeewijk", "Waterwijk", "Kustwijk", "Warande"]
ORGANISATIONS = [
    "Stichting Samen Lelystad", "Humanitas", "de Voedselbank", "Welzijn Lelystad", "de Zonnebloem",
    "Buurtcentrum Het Atol", "Rode Kruis", "Bibliotheek Flevoland", "SchuldHulpMaatje",
]
PRACTICES = [
    "Huisartsenpraktijk Atolwijk", "Huisartsenpraktijk De Linde", "Gezondheidscentrum Waterwijk",
    "Huisartsen Stadshart", "Praktijk De Meent", "Huisartsenpraktijk Kustwijk",
    "Gezondheidscentrum De Brug", "Huisartsenpraktijk Bolderwijk", "Huisartsengroep Noord",
    "Huisartsenpraktijk Het Anker", "Medisch Centrum Zuid", "Huisartsenpraktijk Warande",
]
GP_INITIALS = "ABCDEFGHJKLMNPRSTW"
# Parts of names that identify no one on their own: particles and initials.
PARTICLES_AND_SHORT = {"van", "de", "den", "der", "el", *(letter.lower() for letter in GP_INITIALS)}
REASONS = ["eenzaamheid", "somberheid", "stress", "rouw", "zingeving", "weinig-bewegen",
           "geldzorgen", "dagbesteding", "mantelzorg", "levensgebeurtenis", "overig"]
REASON_WEIGHTS = [30, 18, 14, 10, 6, 7, 6, 4, 4, 5, 2]
OUTCOMES = ["completed", "stopped-early", "referred-elsewhere", "no-show"]
OUTCOME_WEIGHTS = [70, 15, 10, 5]
MODES = ["face-to-face", "phone", "video", "home-visit"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


@dataclass
class Made:
    """What went into the database, so tests know exactly what must not come out."""

    referrals: int = 0
    contacts: int = 0
    client_names: list[str] = field(default_factory=list)
    referrer_names: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    streets: list[str] = field(default_factory=list)
    birth_years: list[int] = field(default_factory=list)
    shareable: int = 0
    followups: int = 0


def _activities() -> list[tuple[str, str, list[str]]]:
    """(id, name, themes) of the bundled catalogue's activities."""
    import yaml

    found = []
    for path in sorted((ROOT / "catalogue").glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for entry in entries if isinstance(entries, list) else [entries]:  # a file may hold one activity
            found.append((entry["id"], entry["name"], list(entry["themes"])))
    return found


def _person(rnd: random.Random) -> tuple[str, str, str]:
    first, last = rnd.choice(FIRST_NAMES), rnd.choice(SURNAMES)
    return first, last, f"{first} {last}"


def _phone(rnd: random.Random) -> str:
    digits = f"{rnd.randint(10000000, 99999999)}"
    return rnd.choice([
        f"06 {digits}", f"06-{digits}", f"06{digits}", f"+31 6 {digits}",
        f"0320 {digits[:2]} {digits[2:4]} {digits[4:6]}", f"0320-{digits[:6]}",
    ])


def _postcode(rnd: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    return f"{rnd.randint(8211, 8245)} {rnd.choice(letters)}{rnd.choice(letters)}"


def _summary(rnd: random.Random, client: dict, neighbour: str, street: str, activity: str,
             when: date, outcome: str) -> str:
    """A closing summary as a hurried coach writes it: full of what must not be shared."""
    first, last = client["first"], client["last"]
    surname = last.split()[-1]
    title = rnd.choice(["Mevrouw", "Meneer", "Mw.", "Dhr."])
    age = when.year - client["birth_year"]
    place, wijk, org = rnd.choice(PLACES), rnd.choice(NEIGHBOURHOODS), rnd.choice(ORGANISATIONS)
    opening = rnd.choice([
        f"{first} voelde zich bij de start erg alleen sinds het overlijden van haar man.",
        f"{title} {last} ({age} jaar) kwam via de huisarts met klachten van somberheid.",
        f"{first} {last}, geboren in {client['birth_year']}, woont alleen aan de {street} {rnd.randint(1, 180)} in {wijk}.",
        f"De {age}-jarige {first} had weinig contact met anderen.",
        f"Cliënt ({first.lower()} {last.lower()}) woont sinds kort in {place}, postcode {client['postcode']}.",
        f"{surname} is mantelzorger voor zijn vrouw en liep vast.",
    ])
    middle = rnd.choice([
        f"Via {org} is {first} gestart bij {activity}; buurvrouw {neighbour} gaat mee.",
        f"{neighbour} uit de {street} haalt {first} elke dinsdag op voor {activity}.",
        f"Na een gesprek op {when.day} {MONTHS[when.month - 1]} {when.year} is {first} begonnen met {activity} in {wijk}.",
        f"{activity} bevalt goed. {neighbour} van {org} belt regelmatig ({client['phone']}).",
        f"Bereikbaar via {client['email']} of {client['phone']}; afspraken op {when.strftime('%d-%m-%Y')}.",
        f"{place} voelt nu meer als thuis. {first} doet vrijwilligerswerk bij {org}.",
    ])
    ending = {
        "completed": f"{first} is tevreden en gaat zelfstandig verder. Huisarts is op de hoogte.",
        "stopped-early": f"{title} {surname} is gestopt omdat het te veel werd; de deur blijft open.",
        "referred-elsewhere": f"{first} is doorverwezen naar maatschappelijk werk in {place}.",
        "no-show": f"{first} is na twee afspraken niet meer verschenen.",
    }[outcome]
    return f"{opening} {middle} {ending}"


def make(path: Path, *, referrals: int = 10_000, contacts: int = 50_000, end: date = date(2026, 11, 23),
         seed: int = 1) -> Made:
    """Create the database at `path` (which must not exist) and fill it."""
    from wor_cli import instruments
    from wor_cli.store import open_store

    rnd = random.Random(seed)
    made = Made()
    path = Path(path)
    store = open_store(path)
    instruments = instruments.instruments()
    ons4, djg6 = instruments["ons4"], instruments["djg6"]
    catalogue = _activities()
    start = date(end.year, 1, 1)
    days = (end - start).days + 1
    stamp = f"{end.isoformat()}T09:00:00Z"
    per_referral = contacts / max(referrals, 1)

    referrers = []
    for index in range(max(3, min(40, referrals // 20 or 3))):
        _, last, _ = _person(rnd)
        name = f"{rnd.choice(GP_INITIALS)}. {last}"
        referrers.append((index + 1, name, PRACTICES[index % len(PRACTICES)], f"{rnd.randint(1000000, 9999999):08d}",
                          None, stamp))
    made.referrer_names = sorted({r[1] for r in referrers})

    clients, rows, consents, contact_rows, measure_rows, links = [], [], [], [], [], []
    dates = sorted(start + timedelta(days=rnd.randrange(days)) for _ in range(referrals))
    for number, referral_date in enumerate(dates, 1):
        rid = number
        first, last, name = _person(rnd)
        birth_year = rnd.randint(1936, 2004)
        client = {"first": first, "last": last, "birth_year": birth_year, "postcode": _postcode(rnd),
                  "phone": _phone(rnd), "email": f"{first.lower()}.{last.replace(' ', '').lower()}@example.org"}
        clients.append((rid, name, birth_year, client["postcode"], client["phone"], client["email"], '["nl"]', stamp))
        made.client_names.append(name)
        made.phones.append(client["phone"])
        made.emails.append(client["email"])
        made.postcodes.append(client["postcode"])
        made.birth_years.append(birth_year)
        referrer = rnd.choice(referrers)
        reasons = sorted(set(rnd.choices(REASONS, REASON_WEIGHTS, k=rnd.choice([1, 1, 2, 2, 3]))), key=REASONS.index)
        outcome = rnd.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
        planned = 0 if outcome == "no-show" and rnd.random() < 0.6 else max(
            1, min(10, round(rnd.gauss(per_referral + (1.8 if outcome == "completed" else -0.3), 1.2)))
        )
        day = referral_date + timedelta(days=rnd.choice([2, 4, 5, 7, 8, 10, 12, 14, 18, 21, 28]))
        recorded = []
        for contact_number in range(1, planned + 1):
            if day > end:
                break
            recorded.append((contact_number, day))
            day += timedelta(days=rnd.choice([10, 14, 14, 14, 17, 21]))
        closing_day = recorded[-1][1] if recorded else referral_date + timedelta(days=30)
        closed = len(recorded) == planned and closing_day <= end
        status = "closed" if closed else ("active" if recorded else "new")
        street = rnd.choice(STREETS)
        made.streets.append(street)
        neighbour = _person(rnd)[2]
        chosen = rnd.sample(catalogue, k=rnd.choice([1, 2, 2, 3])) if recorded else []
        summary = shareable = None
        if closed:
            summary = _summary(rnd, client, neighbour, street, chosen[0][1] if chosen else "de inloop",
                               closing_day, outcome)
            shareable = int(rnd.random() < 0.6)
            made.shareable += shareable
        rows.append((rid, f"R{referral_date.year % 100:02d}-{number:04d}", rid, referrer[0], referral_date.isoformat(),
                     json.dumps(reasons), f"Voelt zich {reasons[0]}; {first} wil weer meedoen in {rnd.choice(NEIGHBOURHOODS)}.",
                     status, closing_day.isoformat() if closed else None, outcome if closed else None,
                     summary, shareable or 0, stamp))
        consents.append((rid, 1, int(rnd.random() < 0.9), referral_date.isoformat(), stamp))
        for contact_number, when in recorded:
            contact_rows.append((rid, contact_number, when.isoformat(), rnd.choice(MODES), rnd.choice([30, 45, 60]),
                                 f"{first} wil graag {rnd.choice(['wandelen', 'koken', 'breien', 'zingen'])} met {neighbour}.",
                                 f"Gesproken bij {first} thuis, {street} {rnd.randint(1, 99)}.", None, "[]", stamp))
        if recorded:
            base_ons4 = [rnd.randint(2, 7), rnd.randint(2, 7), rnd.randint(2, 7), rnd.randint(3, 9)]
            base_djg6 = [rnd.choice(djg6.options) for _ in djg6.items]
            measure_rows += [
                (rid, 1, "ons4", recorded[0][1].isoformat(), json.dumps(base_ons4), json.dumps(ons4.score(base_ons4))),
                (rid, 1, "djg6", recorded[0][1].isoformat(), json.dumps(base_djg6), json.dumps(djg6.score(base_djg6))),
            ]
            if closed and len(recorded) > 1 and rnd.random() < 0.85:
                end_ons4 = [_drift(rnd, v, +1) for v in base_ons4[:3]] + [_drift(rnd, base_ons4[3], -1)]
                end_djg6 = [_better_answer(rnd, djg6, i, a) for i, a in enumerate(base_djg6)]
                last_number, last_day = recorded[-1]
                measure_rows += [
                    (rid, last_number, "ons4", last_day.isoformat(), json.dumps(end_ons4), json.dumps(ons4.score(end_ons4))),
                    (rid, last_number, "djg6", last_day.isoformat(), json.dumps(end_djg6), json.dumps(djg6.score(end_djg6))),
                ]
        for activity_id, activity_name, themes in chosen:
            links.append((rid, activity_id, activity_name, json.dumps(themes),
                          rnd.choices(["suggested", "started", "continuing", "stopped", "declined"], [3, 4, 3, 1, 1])[0],
                          1, recorded[0][1].isoformat()))
    made.referrals, made.contacts = len(rows), len(contact_rows)

    with store.transaction() as conn:
        conn.executemany("INSERT INTO referrers (id, name, practice, agb, email, created) VALUES (?, ?, ?, ?, ?, ?)", referrers)
        conn.executemany("INSERT INTO clients (id, name, birth_year, postcode, phone, email, languages, created) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", clients)
        conn.executemany("INSERT INTO referrals (id, ref, client_id, referrer_id, date, reasons, question, status, "
                         "closed_date, outcome, summary, shareable, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        # The shareable text is the story for reports (m004; an older schema gets it when upgraded).
        if "story" in [column[1] for column in conn.execute("PRAGMA table_info(referrals)")]:
            conn.execute("UPDATE referrals SET story = summary WHERE shareable = 1")
        conn.executemany("INSERT INTO consents (referral_id, processing, gp_feedback, date, recorded) VALUES (?, ?, ?, ?, ?)",
                         consents)
        conn.executemany("INSERT INTO contacts (referral_id, number, date, mode, minutes, what_matters, notes, next_steps, "
                         "barriers, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", contact_rows)
        conn.executemany("INSERT INTO measures (referral_id, contact_number, instrument, date, answers, scores) "
                         "VALUES (?, ?, ?, ?, ?, ?)", measure_rows)
        conn.executemany("INSERT INTO activity_links (referral_id, activity_id, name, themes, status, contact_number, "
                         "updated) VALUES (?, ?, ?, ?, ?, ?, ?)", links)
        conn.execute("INSERT INTO ref_counters (year, last) VALUES (?, ?)", (end.year, len(rows)))
        _effect(conn, rnd, rows, end, stamp, made)
    store.close()
    return made


DROPOUT = ["no-longer-needed", "health", "no-fitting-activity", "moved", "other-help", "unreachable", "other"]
ONWARD = ["Schuldhulpverlening", "POH-GGZ", "Maatschappelijk werk", "Wijkteam", "Mantelzorgsteunpunt"]


def _effect(conn, rnd: random.Random, rows: list[tuple], end: date, stamp: str, made: Made) -> None:
    """The figures of issue 14: GP visits, dropout reasons, onward referrals, follow-ups, salutations.

    Written after the referrals, in the same transaction, so the generator's
    random sequence (and every figure the other tests know) stays as it was.
    """
    from wor_cli import instruments

    ons4 = instruments.instruments()["ons4"]
    if "gp_visits_before" not in {row[1] for row in conn.execute("PRAGMA table_info(referrals)")}:
        return  # a schema from before m005 (the upgrade tests make those)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(clients)")}
    for rid, _ref, _client, _referrer, _day, _reasons, _question, status, closed_on, outcome, *_rest in rows:
        before = rnd.choice([None, 0, 1, 2, 2, 3, 3, 4, 5, 6, 8])
        reason = rnd.choice(DROPOUT) if outcome in ("stopped-early", "no-show") and rnd.random() < 0.8 else None
        onward = rnd.choice(ONWARD) if outcome == "referred-elsewhere" else None
        conn.execute("UPDATE referrals SET gp_visits_before = ?, dropout_reason = ?, referred_to = ? WHERE id = ?",
                     (before, reason, onward, rid))
        if "salutation" in columns:
            conn.execute("UPDATE clients SET salutation = ? WHERE id = ?",
                         (rnd.choice([None, "mevrouw", "mevrouw", "meneer"]), rid))
        if status == "closed" and (end - date.fromisoformat(closed_on)).days >= 90 and rnd.random() < 0.7:
            answer = rnd.choices(["yes", "other-activity", "stopped", "never-started"], [5, 2, 2, 1])[0]
            after = None if before is None or rnd.random() < 0.2 else max(0, before - rnd.choice([-1, 0, 1, 1, 2]))
            taken = [rnd.randint(4, 9), rnd.randint(4, 9), rnd.randint(4, 9), rnd.randint(1, 6)]
            conn.execute(
                "INSERT INTO followups (referral_id, date, still_taking_part, satisfaction, gp_visits_after, answers, "
                "scores, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (rid, (date.fromisoformat(closed_on) + timedelta(days=rnd.randint(85, 100))).isoformat(), answer,
                 rnd.choice([None, 6, 7, 7, 8, 8, 8, 9, 10]), after, json.dumps({"ons4": taken}),
                 json.dumps({"ons4": ons4.score(taken)}), stamp),
            )
            made.followups += 1


def _drift(rnd: random.Random, value: int, towards: int) -> int:
    """A 0-10 answer some months later: more often better than worse."""
    step = rnd.choices([-2, -1, 0, 1, 2, 3], [1, 2, 4, 4, 3, 1])[0] * towards
    return max(0, min(10, value + step))


def _better_answer(rnd: random.Random, instrument, index: int, answer: str) -> str:
    """A De Jong Gierveld answer later on: often one step less lonely."""
    if rnd.random() < 0.45:
        points = instrument.items[index].points
        kinder = [o for o in instrument.options if points[o] < points[answer]]
        if kinder:
            return rnd.choice(kinder)
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 11, 23))
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    if options.out.exists():
        parser.error(f"{options.out} exists; choose a new file")
    made = make(options.out, referrals=options.referrals, contacts=options.contacts, end=options.end, seed=options.seed)
    print(f"{options.out}: {made.referrals} referrals, {made.contacts} contacts, {made.shareable} shareable summaries")


if __name__ == "__main__":
    main()
