"""Ranking quality on judged coach queries, on ninety-seven catalogues.

- `bundled`: tests/data/judged_queries.yaml on the bundled Lelystad catalogue, written by
  reading that catalogue, before and apart from the search code.
- `blind-a`: tests/data/blind-a/ (Deventer and Zutphen), catalogue and judged queries written
  by someone who never saw the search code, the thesaurus or the bundled catalogue
  (see its README.md). The search is never tuned to its single queries.
- `blind-b`: tests/data/blind-b/ (Tilburg and Goirle), written the same way; held out until
  release 2's first ranking was frozen, seen since.
- `blind-c` (Groningen and Haren) and `blind-d` (Amersfoort and Leusden): written the same
  way while the second ranking round was made, held out from it, measured once after it.
- `blind-e` (Zwolle and Kampen) and `blind-f` (Heerlen and Kerkrade): the same, for the third.
- `blind-g` (Leeuwarden and Heerenveen), `blind-h` (Rotterdam-Zuid and Barendrecht) and
  `blind-i` ('s-Hertogenbosch and Oss): the same, for the fourth.
- `blind-j` (Enschede and Hengelo), `blind-k` (Utrecht and Nieuwegein) and `blind-l`
  (Middelburg and Vlissingen): the same, for the fifth.
- `blind-m` (Nijmegen and Wijchen), `blind-n` (Breda and Etten-Leur) and `blind-o`
  (Apeldoorn; a small set, 38 activities and 30 questions): the same, written during the
  sixth, measured once on main.
- `blind-p` (Alkmaar and Heerhugowaard) and `blind-q` (Venlo and Venray): written at the end of
  the sixth round, measured once on main after its last kept change.
- `blind-r` (Haarlem and Heemstede), `blind-s` (Dordrecht and Zwijndrecht) and `blind-t`
  (Emmen and Coevorden): written blind during the seventh round, measured once before it and
  once after it.
- `blind-u` (Leiden and Leiderdorp), `blind-v` (Arnhem and Renkum) and `blind-w` (Hilversum
  and Huizen): written blind at the end of the seventh round, measured once before and once
  after it.
- `blind-x` (Zaanstad and Wormerland), `blind-y` (Gouda and Waddinxveen) and `blind-z`
  (Roermond and Sittard-Geleen): written blind for the round's last two changes, measured once
  before and once after them.
- `blind-ad` (Maastricht and Meerssen), `blind-ae` (Delft and Pijnacker-Nootdorp) and `blind-af`
  (Ede and Barneveld): written blind during the eighth round, measured once with the code before
  it and once after it. (Sets AA-AC, held out after the seventh, were lost with a machine
  before they were measured: never in the repository, never seen.)
- `blind-ag` (Almere and Zeewolde), `blind-ah` (Zoetermeer and Lansingerland) and `blind-ai`
  (Hoorn and Enkhuizen): written blind at the end of the eighth round, measured once with the
  code before it, once after it and once after the ninth.
- `blind-aj` (Emmeloord and Urk), `blind-ak` (Helmond and Deurne) and `blind-al` (Harderwijk
  and Ermelo): written blind during the ninth round, measured once with the code before the
  eighth and once after each of the eighth, ninth and tenth.
- `blind-am` (Zaltbommel and Tiel), `blind-an` (Weert and Nederweert) and `blind-ao` (Sneek and
  Bolsward): written blind during the tenth round, measured with the code before the eighth and
  after each of the eighth to eleventh.
- `blind-ap` (Gorinchem and Leerdam), `blind-aq` (Doetinchem and Winterswijk) and `blind-ar`
  (Roosendaal and Bergen op Zoom): written blind during the eleventh round, measured with the
  code before the eighth and after each of the eighth to twelfth.
- `blind-as` (Purmerend and Edam-Volendam), `blind-at` (Oss and Uden) and `blind-au` (Kampen and
  Dronten): written blind after the twelfth round, measured once with the code before the eighth
  and once after the twelfth.
- `blind-av` (Vlaardingen and Maassluis), `blind-aw` (Hengelo and Almelo) and `blind-ax`
  (Veenendaal and Rhenen): the same, and held out from the thirteenth round, measured once more
  after it.
- `blind-bb` ... `blind-bh` (Assen/Hoogeveen, Tilburg/Waalwijk, Heerlen/Kerkrade, Den
  Helder/Schagen, Nieuwegein/IJsselstein, Spijkenisse/Hellevoetsluis, Winschoten/Veendam):
  written blind to a stricter brief (docs/blind-brief.md) in the fifteenth round.
- `blind-bi` ... `blind-bo` (Woerden/Bodegraven, Katwijk/Noordwijk, Oosterhout/Dongen,
  Drachten/Burgum, Goes/Kapelle, Eindhoven/Veldhoven, Zeist/De Bilt): the same brief, written
  at the start of the sixteenth round, measured once before it and once after it.
- `blind-bp` ... `blind-bv` (Schiedam/Rijswijk, Culemborg/Geldermalsen, Soest/Baarn,
  Heiloo/Castricum, Beverwijk/Heemskerk, Tholen/Steenbergen, Houten/Wijk bij Duurstede): the
  same brief, written during the sixteenth round, held out from its last six changes.
- `blind-bw` ... `blind-cc` (Hardenberg/Ommen, Oldenzaal/Losser, Nijkerk/Putten, Boxtel/Vught,
  Rijssen/Holten, Brunssum/Landgraaf, Raalte/Hellendoorn): the same brief, written at the end of
  the sixteenth round, kept unread in tests/heldout until the seventeenth round's reranker was
  measured on them once.
- `blind-cd` ... `blind-cj` (Zevenaar/Duiven ... Medemblik/Wieringerwerf, docs/matching.md): the
  same brief, held out from the seventeenth and eighteenth rounds.
- `blind-ck` ... `blind-cx` (Elburg/Nunspeet ... Dalfsen/Denekamp, docs/matching.md): the same
  brief, CR, CU and CX and CS, CV with a variant (docs/blind-brief-variants.md), held out from
  the nineteenth round, measured once before it and once after it.

nDCG@5 is printed for each and held above a floor, so a change that makes the first
screen worse on any of them fails here. See docs/matching.md for the measured values.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import invoke
from tests.ranking import SETS, judged_queries, match_args, ndcg, query_for, use_postcodes

# Measured values are in docs/matching.md; the floors leave room for small, honest changes.
# blind-b (Tilburg/Goirle) was held out until release 2's first ranking was frozen (0.547, 10
# queries without a good activity in the top five). Since then A and B are both *seen*: the second
# round (0.752 on A, 0.654 on B) studied their failures by class, so these floors guard against
# losing ground, they do not measure how well the ranking generalises. C and D were held out from
# that round and measured once after it (0.738 and 0.719, 0 and 1 misses); from now on they are
# seen too, and the next change to the ranking needs new held-out sets to be measured on.
# The third round (a word's themes learned from its own matches in the catalogue, rarer words a
# little more) reached 0.869, 0.754, 0.669 (one miss), 0.743 and 0.733 (no miss) on these five,
# all seen. E and F were held out from it and measured once before and once after it (E 0.763 ->
# 0.773, F 0.763 -> 0.760, no miss and two); seen since: the next ranking change needs new sets.
# The fourth round (method only: light words, the wish, times against the schedule, word-level
# feedback where the words reach few activities, topics never places, a language as the medium,
# participles kept whole) reached 0.883, 0.774, 0.675 (one miss), 0.756, 0.757, 0.779 and 0.788
# (no miss) on all seven, all seen; G, H and I were held out from it and measured once before and
# once after it (G 0.758 -> 0.766, two misses both times; H 0.714 -> 0.732; I 0.781 -> 0.789; no
# miss): seen since.
# The fifth round (method only: groups meant for another community or for newcomers, a place's
# weight, open activities made for adults for a minor, groups for a condition when no word
# points to health) reached 0.882, 0.785, 0.688 (no miss), 0.761, 0.760, 0.793, 0.798, 0.765
# (two misses), 0.741 and 0.806 on all ten, all seen. J, K and L were held out from it and
# measured once before and once after it (J 0.801 -> 0.812, K 0.739 -> 0.732 with three misses
# both times, L 0.768 -> 0.774): seen since.
# The sixth round (tests/tools/tune_ranking.py: a leave-one-catalogue-out search over the
# constants) changed no ranking: the values are unchanged, and so are the floors. M, N and O
# were written blind during it and measured once (M 0.772 with three misses, N 0.826 with
# one, O 0.879): seen since. Words that reach nothing the filters admit leave the filters to
# decide (K 0.732 -> 0.742, a miss fewer; no other set moves). P and Q, written after that,
# measured once: P 0.813, Q 0.805, no misses.
# The seventh round (method only: a phrase of small words counts only as written; with filters
# set, fewer than a first screen found by the words is filled up by what the filters admit)
# reached 0.884 on the bundled set and 0.688-0.890 on the seventeen blind ones, none lower.
# R, S and T were written blind during it and measured once before and once after it
# (R 0.800 -> 0.805, misses 2 -> 1; S 0.798 -> 0.801, one miss; T 0.822 -> 0.823): seen since.
# U, V and W, written blind at its end, measured once with the code before the round and once
# after it (with the last rule: a parent after "voor", "met", "bij" is a relative): the same
# both times, U 0.734, V 0.820, W 0.799, one miss each. Seen since.
# Two more changes, made looking at R-W (the illness of a parent or child makes the client a
# carer, as a partner's did; conditions in the thesaurus: psychose, parkinson, MS, ...), were
# measured on X, Y and Z, written blind meanwhile, once before and once after them: X 0.789 ->
# 0.794 (a miss fewer), Y 0.798 -> 0.798, Z 0.779 -> 0.782 (0.786, 0.798, 0.776 before the round).
# The conditions cost K 0.742 -> 0.737 ("zorgt voor zijn vrouw met MS" now also reaches MS
# patients' groups), and its floor was lowered to 0.73, knowingly: the unseen sets gained.
# The eighth round (a verb as a coach writes it, "valt", "slaapt", reaches its infinitive; a
# phrase stays within one clause and is named as typed; thesaurus: loneliness means a maatje,
# rent arrears are a debt, a landlord conflict legal help, missing colleagues volunteering and
# not dagbesteding, "what's the point" zingeving) moved the 26 blind sets' mean 0.791 -> 0.799,
# misses 11 -> 5, no set lower by more than 0.005 (blind-a). AD, AE and AF, written blind
# during it, measured once before and once after it: AD 0.773 -> 0.772, AE 0.761 -> 0.765
# (one miss both times), AF 0.769 -> 0.780 (one miss). Seen since.
# The ninth round (a client just come from a country is new to it; "ouders" and "ouderen" kept
# apart) moved the 29 sets' mean 0.7967 -> 0.7973, misses 7 -> 6 (AE 0.765 -> 0.776, its miss gone; G +0.011; O -0.015
# on one question, U -0.005, M -0.001: their floors one hundredth lower, knowingly). AG, AH and
# AI, written blind at the end of the eighth, measured once before it, after it and after the
# ninth: AG 0.710 -> 0.739 -> 0.739 (one miss), AH 0.750 -> 0.757 -> 0.757, AI 0.747 -> 0.760
# -> 0.758 (two misses; its anchors written out for the first two, as wor refused them). Seen since.
# The tenth round (thesaurus: "afgekeurd" searches a meaningful day; "ouderen" counts half as a
# topic) and AJ, AK, AL, written blind during the ninth, measured before the eighth and after
# the eighth, ninth and tenth: AJ 0.791 -> 0.801 -> 0.807 -> 0.814, AK 0.779 -> 0.792 -> 0.793
# -> 0.793 (one miss), AL 0.786 -> 0.782 -> 0.782 -> 0.790. Seen since.
# The eleventh round ("lotgenoten" and "nieuwkomers" no longer search words for a condition or
# an expat; each chronic condition a group of its own) and AM, AN, AO, written blind during the
# tenth, measured before the eighth and after the eighth to eleventh: AM 0.766 -> 0.768 ->
# 0.768 -> 0.771 -> 0.771, AN 0.761 -> 0.764 -> 0.765 -> 0.765 -> 0.767, AO 0.726 (three
# misses) -> 0.729 -> 0.727 -> 0.740 -> 0.741 (one). Seen since.
# The twelfth round (thesaurus: not eating well is a question for a meal together; money matters
# without debt a group of their own) and AP, AQ, AR, written blind during the eleventh, measured
# before the eighth and after the eighth to twelfth: AP 0.750 -> 0.764 -> 0.764 -> 0.764 -> 0.767
# -> 0.765 (one miss), AQ 0.783 -> 0.786 -> 0.786 -> 0.786 -> 0.785 -> 0.785, AR 0.763 -> 0.768 ->
# 0.766 -> 0.765 -> 0.767 -> 0.768 (one miss). Seen since.
# AS, AT, AU, written blind after the twelfth round, measured once with the code before the
# eighth and once after the twelfth: AS 0.772 -> 0.779, AT 0.756 -> 0.771, AU 0.791 -> 0.800
# (no misses). Seen since.
# The thirteenth round (thesaurus: "heeft nergens zin in" searches levensvragen and a geestelijk
# verzorger, no longer the word zingeving, which every zingeving activity has as a theme; a
# client who no longer drives searches transport): AS's "heeft nergens meer zin in, zit de hele
# dag thuis" went from 0.07 to no judged activity in the top five (its 3s are workshops), T's
# mean from 0.8405 to 0.8400.
# AV, AW, AX, written with AS-AU and held out from the thirteenth round: before the eighth, after
# the twelfth, after the thirteenth: AV 0.789 -> 0.801 -> 0.805, AW 0.808 -> 0.815 -> 0.813,
# AX 0.749 -> 0.757 -> 0.758 (one miss throughout). Seen since.
# The sixteenth round (a partner's illness only in the partner's sentence; everyday words for
# situations as reading aids; "iets met zijn handen" is making and mending; what comes to the
# home for someone who no longer leaves it; "anderen" no longer "anders") and BI-BO, written
# blind at its start (their writers' centres of postcode areas in postcodes.csv), measured with
# the code before it and after it: BI 0.648 -> 0.656, BJ 0.626 -> 0.638, BK 0.647 -> 0.640
# (misses 0 -> 2), BL 0.584 -> 0.588, BM 0.643 -> 0.649, BN 0.647 -> 0.656, BO 0.567 -> 0.567
# (7 -> 6). Seen since. BB-BH, read for the round, gained 0.01-0.05; their floors went up.
# BP-BV, written blind during the round, were held out from its last six changes (a time after
# "werkt" is not wanted; English words for newcomers' paperwork; a verb's past and participle,
# "tekende vroeger", "heeft gehandwerkt"; "mist" and "vorig" light), measured once before and
# once after them: BP 0.619 -> 0.625, BQ 0.721 -> 0.721, BR 0.698 -> 0.696, BS 0.695 -> 0.696,
# BT 0.599 -> 0.599, BU 0.678 -> 0.673, BV 0.610 -> 0.608 (4 questions up, 5 down). Seen since.
# Seventeenth round: the reranker (wor_cli/matching/reranker.py) is trained on every set here,
# so from then on these floors are what it reaches on questions it learned from, just under;
# what carries is measured leaving sets out (10 folds of whole sets: 0.7480 -> 0.7623 over the
# 75 blind sets, misses 64 -> 57) and on sets held out (BW-CC, CD-CJ: docs/matching.md). A few
# questions moved the other way and now put no judged activity first ("zoon 9 jaar, vader
# overleden", "Dutch lessons for a newcomer"): their sets' allowances below went up by one.
# Eighteenth round: the reranker also reads what the question's words were found to go with in
# fitting activities of other catalogues (wor_cli/matching/associations.py), learned from every
# set here; leaving sets out 0.7623 -> 0.8167 over the 75 blind sets, misses 57 -> 50, no set
# down; CD-CJ, held out, 0.679 -> 0.751. Retrained on the 83 sets, every floor was set again at
# its in-sample value, just under (none went down, no allowance up).
# Nineteenth round: the reranker also reads the table on a candidate's name and keywords alone
# and on its themes; leaving sets out 0.8132 -> 0.8244 over 82 blind sets; CK-CX, held out,
# 0.737 -> 0.756, all fourteen up. Retrained on the 97 sets, every floor was set again at its
# in-sample value, just under. Trained on fourteen more catalogues, the trees fit the older
# ones a little less: ten floors went down by 0.01 (bundled 0.921 -> 0.918, E, O, Q, X, AJ, AK,
# AQ, BC, BE) and two allowances up by one (CB, CI), knowingly; 46 went up, five allowances down.
# Per set: the nDCG@5 it must reach, and how many of its queries may put no judged activity in
# the top five.
FLOORS = {"bundled": (0.91, 0), "blind-a": (0.86, 0), "blind-b": (0.83, 0), "blind-c": (0.89, 0),
          "blind-d": (0.86, 0), "blind-e": (0.89, 0), "blind-f": (0.89, 0), "blind-g": (0.87, 1),
          "blind-h": (0.86, 0), "blind-i": (0.90, 0), "blind-j": (0.90, 0), "blind-k": (0.86, 1),
          "blind-l": (0.87, 0), "blind-m": (0.88, 0), "blind-n": (0.90, 0), "blind-o": (0.93, 0),
          "blind-p": (0.91, 0), "blind-q": (0.89, 0), "blind-r": (0.90, 0), "blind-s": (0.94, 0),
          "blind-t": (0.92, 0), "blind-u": (0.88, 0), "blind-v": (0.92, 0), "blind-w": (0.92, 0),
          "blind-x": (0.90, 0), "blind-y": (0.90, 0), "blind-z": (0.90, 0), "blind-ad": (0.89, 0),
          "blind-ae": (0.87, 0), "blind-af": (0.89, 0), "blind-ag": (0.88, 0),
          "blind-ah": (0.91, 0), "blind-ai": (0.90, 0), "blind-aj": (0.91, 0),
          "blind-ak": (0.88, 0), "blind-al": (0.91, 0), "blind-am": (0.87, 0),
          "blind-an": (0.88, 0), "blind-ao": (0.86, 1), "blind-ap": (0.90, 0),
          "blind-aq": (0.89, 0), "blind-ar": (0.89, 0), "blind-as": (0.88, 0),
          "blind-at": (0.88, 0), "blind-au": (0.89, 0), "blind-av": (0.90, 0),
          "blind-aw": (0.90, 0), "blind-ax": (0.89, 0), "blind-bb": (0.81, 0),
          "blind-bc": (0.84, 0), "blind-bd": (0.84, 0), "blind-be": (0.82, 0),
          "blind-bf": (0.87, 0), "blind-bg": (0.84, 0), "blind-bh": (0.84, 1),
          "blind-bi": (0.82, 0), "blind-bj": (0.85, 0), "blind-bk": (0.84, 1),
          "blind-bl": (0.77, 2), "blind-bm": (0.83, 0), "blind-bn": (0.82, 1),
          "blind-bo": (0.75, 2), "blind-bp": (0.78, 0), "blind-bq": (0.83, 2),
          "blind-br": (0.85, 0), "blind-bs": (0.85, 0), "blind-bt": (0.81, 2),
          "blind-bu": (0.83, 0), "blind-bv": (0.80, 1), "blind-bw": (0.82, 1),
          "blind-bx": (0.79, 1), "blind-by": (0.79, 0), "blind-bz": (0.84, 0),
          "blind-ca": (0.77, 1), "blind-cb": (0.73, 2), "blind-cc": (0.83, 0),
          "blind-cd": (0.81, 0), "blind-ce": (0.83, 1), "blind-cf": (0.82, 1),
          "blind-cg": (0.82, 0), "blind-ch": (0.85, 1), "blind-ci": (0.76, 2),
          "blind-cj": (0.82, 0), "blind-ck": (0.80, 1), "blind-cl": (0.82, 0),
          "blind-cm": (0.87, 0), "blind-cn": (0.80, 0), "blind-co": (0.79, 0),
          "blind-cp": (0.80, 2), "blind-cq": (0.78, 1), "blind-cr": (0.77, 1),
          "blind-cs": (0.81, 2), "blind-ct": (0.83, 1), "blind-cu": (0.78, 3),
          "blind-cv": (0.81, 1), "blind-cw": (0.84, 0), "blind-cx": (0.78, 3)}


@pytest.mark.parametrize("name", list(SETS))
def test_judged_queries_reach_the_ndcg_floor(name, record_property):
    from wor_cli import catalogue as catalogues
    from wor_cli.matching import search

    catalogue, path = SETS[name]
    use_postcodes([catalogue.parent])
    queries = judged_queries(path)
    assert len(queries) >= 30
    index = catalogues.open_index(catalogue)
    scores = [ndcg([r.id for r in search(index, query_for(judged, index))], judged["relevant"]) for judged in queries]
    mean = sum(scores) / len(scores)
    missed = [q["query"] for q, s in zip(queries, scores) if s == 0]
    # Printed in the summary (conftest.py), where it arrives also from parallel workers.
    record_property("ndcg", f"nDCG@5 on {name} ({len(scores)} judged queries): {mean:.3f}; "
                            f"{len(missed)} with no judged activity in the top 5")
    floor, most_missed = FLOORS[name]
    assert mean >= floor
    assert len(missed) <= most_missed, missed


def test_in_process_the_judged_queries_find_what_wor_match_finds():
    """The floors are checked in-process (query_for); a coach and the acceptance checks use
    `wor match`: the two must agree, filters included, question for question."""
    from wor_cli import catalogue as catalogues
    from wor_cli.matching import search

    for name in ("bundled", "blind-k", "blind-x"):
        catalogue, path = SETS[name]
        index = catalogues.open_index(catalogue)
        for judged in judged_queries(path)[::3]:
            result = invoke("match", *match_args(judged), "--limit", "5", "--json", "--catalogue", catalogue)
            assert result.exit_code == 0, (judged["query"], result.stderr)
            assert [r["id"] for r in json.loads(result.stdout)] == \
                [r.id for r in search(index, query_for(judged, index))], (name, judged["query"])


def test_the_tuning_tool_patches_constants_where_they_are_looked_up_and_puts_them_back():
    from wor_cli.matching import audience, ranking
    from tests.tools.tune_ranking import GRIDS, current, grid, patched

    before = ranking.FIELD_STRENGTH
    with patched({"ranking.FS_KEYWORDS": 1.0, "audience.NOT_FOR_PERSON": 0.5}):
        assert ranking.FIELD_STRENGTH == (before[0], 1.0, *before[2:])
        assert audience.NOT_FOR_PERSON == 0.5
        assert current("ranking.FS_KEYWORDS") == 1.0
    assert ranking.FIELD_STRENGTH == before and audience.NOT_FOR_PERSON == 0.35
    # Scoring reads the field strengths at each call (not a default bound when the module loaded).
    from wor_cli.matching.query import Concept

    matcher = ranking._Matcher(Concept(label="koffie", primary=["koffie"], related={}, themes=set()),
                               ["koffie"], {"koffie"})
    in_keywords = [set(), {"koffie"}, set(), set()]
    assert matcher.score(in_keywords)[0] == before[1]
    with patched({"ranking.FS_KEYWORDS": 1.0}):
        assert matcher.score(in_keywords)[0] == 1.0
    # Every constant the search names exists, and its grid offers other values than the current one.
    for name in GRIDS:
        assert [v for v in grid(name) if v != current(name)], name


def test_the_tool_for_sets_kept_outside_the_repository_measures_this_checkout(tmp_path):
    # tests/tools/measure_sets.py is how held-out sets are measured (docs/testing.md): it must
    # keep working, give the same score as the floors' test, and say which code it measured.
    import os
    import subprocess
    import sys

    from tests.ranking import ROOT

    folder = tmp_path / "blind-o-elsewhere"
    folder.mkdir()
    catalogue, queries = SETS["blind-o"]
    (folder / "catalogue").symlink_to(catalogue)
    (folder / "queries.yaml").write_bytes(queries.read_bytes())
    each = tmp_path / "each.json"
    done = subprocess.run([sys.executable, "-m", "tests.tools.measure_sets", str(folder), "--each", str(each)],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "WOR_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert f"measuring {ROOT / 'wor_cli'}" in done.stdout
    found = json.loads(each.read_text(encoding="utf-8"))["blind-o-elsewhere"]
    mean = sum(score for _, score in found) / len(found)
    assert f"blind-o-elsewhere: nDCG@5 {mean:.3f} on 30 questions" in done.stdout
    assert mean >= FLOORS["blind-o"][0]
