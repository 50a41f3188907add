"""Whom an activity is meant for, and how well it suits the client read by `person`: an
activity for 55+ fits an 81-year-old, a women's group does not fit a man, a group in Polish
fits a Polish man. Ranking evidence shown in `why`, never a filter the coach did not ask for.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from wor_cli.i18n import language_name, t
from wor_cli.matching.person import Person

if TYPE_CHECKING:
    from wor_cli.matching.query import Query

NARROW_AGE_WEIGHT = 0.8  # age unknown: an activity only for young people fits fewer clients
FITS_PERSON = 0.4  # meant for someone like the client
OWN_LANGUAGE = 0.6  # offered in the client's own language (not Dutch)
NOT_FOR_PERSON = 0.35  # meant for someone else (a women's group for a man, 12-18 for 81)
OLDER_AGE = 55
OPEN_ADULT_AGE = 21  # "16+", "18+", "21+": open to every adult
DUTCH_FOR_NEWCOMER = 0.75  # an activity only in Dutch, for someone new here who was asked about in English
ADULT = 18  # women's and men's groups are for adults: no bonus for a girl or boy
OPEN_FOR_MINOR = 0.75  # under 18: an activity neither named nor limited for young people fits less
YOUNG_AGE = 27
# Words in an activity's name or keywords that say whom it is for (as stems, see text.stem).
FOR_WOMEN = ("vrouw", "dames", "moeder", "meid", "oma", "women")
FOR_MEN = ("mann", "vader", "opa", "men")
# Not "ouder": as a stem it is "ouders" (parents) as much as "ouderen".
FOR_OLDER = ("senior", "plusser", "bejaard", "gepensioneerd", "50", "55", "60", "65")  # "55+" is "55"
FOR_YOUNG = ("jonger", "jeugd", "tiener", "scholier", "student", "puber")
# Communities an activity may be named for ("Turkse ouderensoos", "Poolse moeders", "Eritrese
# vrouwen"), as stems of the nationality words above, with the language code they share with
# them. Only migrant communities: a "Franse" or "Italiaanse" activity is mostly about a
# cuisine or a language course, and English is read from what is offered.
COMMUNITIES = {
    "pol": "pl", "polska": "pl", "polski": "pl", "turk": "tr", "turkij": "tr", "marokkan": "ar",
    "arabisch": "ar", "syrisch": "ar", "irak": "ar", "irakes": "ar", "egyptisch": "ar", "eritres": "ti",
    "eritrea": "ti", "tigrinya": "ti", "oekraien": "uk", "oekrainer": "uk", "russisch": "ru",
    "somalisch": "so", "afghan": "fa", "iran": "fa", "perzisch": "fa", "koerdisch": "ku",
    "antilliaan": "pap", "bulgar": "bg", "roemen": "ro", "hongar": "hu",
}
INTERNATIONAL = ("international", "expat", "nieuwkomer", "statushouder", "migrant", "vluchtel", "anderstal", "inburger")


def audience_words(person: Person) -> list[tuple[str, ...]]:
    """Stems of the words that name activities for someone like this person."""
    found = []
    if person.gender == "f":
        found.append(FOR_WOMEN)
    elif person.gender == "m":
        found.append(FOR_MEN)
    if person.age is not None and person.age >= OLDER_AGE:
        found.append(FOR_OLDER)
    elif person.age is not None and person.age <= YOUNG_AGE:
        found.append(FOR_YOUNG)
    if person.newcomer or person.english:
        found.append(INTERNATIONAL)
    return found


def _says(name_keywords: set[str], stems: tuple[str, ...]) -> bool:
    """Whether the name or keywords hold one of `stems`: a short stem as a whole word ("men"
    is not "mensen"), a longer one also as the start of a word ("vrouw" in "vrouwencafe")."""
    short, long = _stem_kinds(stems)
    return bool(short & name_keywords) or any(w.startswith(long) for w in name_keywords)


@lru_cache(maxsize=64)
def _stem_kinds(stems: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    return frozenset(s for s in stems if len(s) < 4), tuple(s for s in stems if len(s) >= 4)


def _who(person: Person) -> str:
    label = person.age_label or str(person.age)
    return t("why.years", age=label) if label.isdigit() else label


def fit(person: Person, name_keywords: set[str], min_age: int | None, max_age: int | None, langs_bar: str,
        query: Query) -> tuple[float, float, list[str]]:
    """(factor, bonus, why) for how well an activity suits the person described."""
    factor, bonus, why = 1.0, 0.0, []
    age = person.age
    if age is None:
        if max_age is not None and query.max_age_fit is None:
            factor *= NARROW_AGE_WEIGHT
    else:
        older = _says(name_keywords, FOR_OLDER) or (min_age is not None and min_age >= 50)
        young = _says(name_keywords, FOR_YOUNG) or (max_age is not None and max_age <= 30)
        limits = min_age is not None or max_age is not None
        if limits and not ((min_age or 0) <= age <= (max_age if max_age is not None else 200)):
            factor *= NOT_FOR_PERSON
        elif (older and age < 45) or (young and age > 35):
            factor *= NOT_FOR_PERSON
        elif age < ADULT and not young:
            factor *= OPEN_FOR_MINOR  # a mantelzorgcafe is open to a 14-year-old, but made for adults
        elif older and age >= OLDER_AGE:
            bonus += FITS_PERSON
            why.append(t("why.person_older", who=_who(person)) if min_age is None
                       else t("why.person_age", who=_who(person), age=_age_range(min_age, max_age)))
        elif young and age <= YOUNG_AGE:
            bonus += FITS_PERSON
            why.append(t("why.person_young", who=_who(person)) if max_age is None
                       else t("why.person_age", who=_who(person), age=_age_range(min_age, max_age)))
        elif limits and _names_a_band(min_age, max_age):
            bonus += FITS_PERSON / 2
            why.append(t("why.person_age", who=_who(person), age=_age_range(min_age, max_age)))
    women = men = False
    if person.gender:
        women, men = _says(name_keywords, FOR_WOMEN), _says(name_keywords, FOR_MEN)
    if women != men:
        if (person.gender == "f") == women and (person.age is None or person.age >= ADULT):
            bonus += FITS_PERSON
            why.append(t("why.person_women" if women else "why.person_men", who=person.gender_label))
        elif (person.gender == "f") != women:
            factor *= NOT_FOR_PERSON
    offered = set(langs_bar.strip("|").split("|")) - {""} or {"nl"}  # no languages listed: Dutch
    speaks = {*person.languages, *(["en"] if person.english else [])} or ({"nl"} if not person.newcomer else set())
    if "nl" not in offered and speaks and not speaks & offered and not query.languages:
        factor *= NOT_FOR_PERSON  # only in languages the client is not known to speak
    elif person.english and person.newcomer and not speaks & offered and not query.languages:
        factor *= DUTCH_FOR_NEWCOMER  # new to the country and asked in English: Dutch only is a harder step
    # A group named for a community ("Turkse ouderensoos") for a client whose words name
    # another or none: meant for someone else. Not for a newcomer of unknown origin.
    if not query.languages and not (person.newcomer and not person.languages):
        named = {COMMUNITIES[w] for w in name_keywords if w in COMMUNITIES}
        if named and not named & set(person.languages):
            factor *= NOT_FOR_PERSON
    if not (person.languages or person.newcomer or person.english):
        # A client described ("man 45", "vrouw 70") with no sign of being new here: a group
        # for newcomers or internationals is meant for someone else. A question of a topic
        # alone ("Nederlands leren", "taalcafe") may well be about a newcomer: left alone.
        if not query.languages and (person.age is not None or person.gender) and _says(name_keywords, INTERNATIONAL):
            factor *= NOT_FOR_PERSON
        return factor, bonus, why
    langs = [code for code in offered if code != "nl"]
    spoken = [code for code in person.languages if code in langs]
    if spoken and not query.languages:
        bonus += OWN_LANGUAGE
        why.append(t("why.person_language", language=language_name(spoken[0])))
    elif (person.newcomer or person.english) and not query.languages:
        # Written in English without saying more: a weaker hint than "new to the country".
        gain = FITS_PERSON if person.newcomer else FITS_PERSON / 2
        who = person.newcomer_label or t("why.english_question")
        if person.english and "en" in langs:
            bonus += gain
            why.append(t("why.person_english", who=who))
        elif _says(name_keywords, INTERNATIONAL) or (person.newcomer and not person.english and langs):
            bonus += gain
            why.append(t("why.person_international", who=who))
    return factor, bonus, why


def _names_a_band(min_age: int | None, max_age: int | None) -> bool:
    """A limit that only keeps children out (16+, 18+) says nothing about whom an activity is
    for; one that names an age band (18-67, 40+) does, a little."""
    return max_age is not None or (min_age or 0) > OPEN_ADULT_AGE


def _age_range(min_age: int | None, max_age: int | None) -> str:
    if min_age is not None and max_age is not None:
        return f"{min_age}–{max_age}"
    if min_age is not None:
        return f"{min_age}+"
    if max_age is not None:
        return f"≤ {max_age}"
    return ""
