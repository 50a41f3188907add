"""Who the client is, read from what the coach typed (age, gender, languages, newcomer, the
people close to them). How well an activity suits that person is in `audience`.

"weduwnaar 81", "vrouw 38", "Poolse man 50", "statushouder": these words say
*who* the client is, not *what* to find. Matched literally they pull in
whatever happens to contain "man" or "81". Read here instead, they become
ranking evidence (an activity for 55+ fits an 81-year-old; a women's group does
not fit a man; a group in Polish fits a Polish man), shown in `why`, never a
filter the coach did not ask for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Words that only describe the person: never searched as content.
FEMALE = frozenset("vrouw vrouwtje mevrouw mevr dame meisje meid moeder moeders oma zij haar woman women girl lady mother she".split())
MALE = frozenset("man mannetje meneer dhr heer jongen jongeman vader vaders opa hij boy father gentleman he".split())
# Of those, the words that say nothing else ("vader", "moeder", "oma" are also roles to search).
PERSON_ONLY = frozenset(
    "vrouw vrouwtje mevrouw mevr dame meisje meid man mannetje meneer dhr heer jongen jongeman woman girl lady "
    "boy gentleman zij haar hij he she".split()
)
# Gendered words that are also content (a widow's grief), so they stay searchable.
FEMALE_CONTENT = frozenset("weduwe widow".split())
MALE_CONTENT = frozenset("weduwnaar widower".split())
# A person word that says roughly how old someone is, when no number is given.
AGE_HINTS = {
    "meisje": 14, "jongen": 14, "girl": 14, "boy": 14, "puber": 15, "tiener": 15, "scholier": 15,
    "student": 21, "studente": 21, "jongeman": 22, "jongvolwassene": 21,
    "oma": 72, "opa": 72, "oudere": 75, "senior": 72, "bejaarde": 80, "bejaard": 80, "bejaarde": 80, "hoogbejaard": 88,
    "gepensioneerd": 68, "gepensioneerde": 68, "pensionado": 68, "retired": 68, "pensioner": 68,
}
# Words for a child who is the client, after which a small number is an age ("meisje 9"); not
# "zoon" or "dochter", more often the client's child than the client.
CHILD_WORDS = frozenset("meisje jongen meid knul kind girl boy child kid".split())
# "man overleden", "haar man": a partner is meant, not the client.
PARTNER_NEXT = frozenset("overleden overlijden ziek dement dementie verloren weg vreemdgegaan".split())
PARTNER_WORDS = frozenset("partner echtgenoot echtgenote wife husband spouse".split())
PARTNER_BEFORE = frozenset("haar zijn mijn met eigen zieke dementerende overleden".split())
# A language as the medium: "in English", "spreekt Arabisch", "English speaking", "Arabisch sprekend".
MEDIUM_BEFORE = frozenset("in speaks speak spreekt spreken".split())
MEDIUM_AFTER = frozenset("speaking sprekend sprekende talig talige".split())
# An age is 10 to 110: smaller numbers are counts ("2 kinderen"), larger ones years or noise.
# Units after a number: "sinds 3 jaar", "2 weken" is a duration, not an age.
DURATION = frozenset(
    "jaar jaren maand maanden week weken dag dagen uur uren keer x year years month months week weeks day days times".split()
)
AGE_WORDS = frozenset("jaar jarige jr oud old years aged age leeftijd".split())
# Parent words: the client's own role, unless they are about a relative (see _relatives).
PARENT_ROLES = {"moeder": "f", "mama": "f", "mother": "f", "mum": "f", "mom": "f",
                "vader": "m", "papa": "m", "father": "m", "dad": "m"}
POSSESSIVES = frozenset("haar zijn hun mijn zn dr his her their my".split())
# "zorgt voor vader", "iets doen met moeder", "bij eigen moeder": a parent right after one of
# these is someone the client cares for or lives with ("kind met autisme, moeder is op" is not).
RELATIVE_AFTER = frozenset("voor met bij for with".split())
# A child word is about the client's child when a condition follows ("zoon met psychose") or a
# possessive goes before ("haar dochter is verslaafd"); alone it may be the client ("dochter 52").
CHILDREN = frozenset("zoon zoontje dochter dochtertje kind kindje son daughter child".split())
# Nationality and language words -> ISO 639-1 code.
LANGUAGES = {
    "pools": "pl", "poolse": "pl", "polen": "pl", "polish": "pl",
    "turks": "tr", "turkse": "tr", "turkije": "tr", "turkish": "tr",
    "marokkaans": "ar", "marokkaanse": "ar", "marokko": "ar", "moroccan": "ar",
    "arabisch": "ar", "arabische": "ar", "arabic": "ar", "syrisch": "ar", "syrische": "ar", "syrie": "ar",
    "syrian": "ar", "irakees": "ar", "iraakse": "ar", "iraaks": "ar", "egyptisch": "ar", "egyptische": "ar",
    "eritrees": "ti", "eritrese": "ti", "eritrea": "ti", "eritrean": "ti", "tigrinya": "ti", "tigrinia": "ti",
    "oekraiens": "uk", "oekraiense": "uk", "oekraine": "uk", "ukrainian": "uk",
    "russisch": "ru", "russische": "ru", "rusland": "ru", "russian": "ru",
    "somalisch": "so", "somalische": "so", "somalie": "so", "somali": "so",
    "afghaans": "fa", "afghaanse": "fa", "afghanistan": "fa", "afghan": "fa", "iraans": "fa", "iraanse": "fa",
    "iran": "fa", "iranian": "fa", "perzisch": "fa", "farsi": "fa", "dari": "fa",
    "duits": "de", "duitse": "de", "duitsland": "de", "german": "de",
    "engels": "en", "engelse": "en", "brits": "en", "britse": "en", "amerikaans": "en", "amerikaanse": "en",
    "english": "en", "british": "en", "american": "en", "engelstalig": "en", "engelstalige": "en",
    "frans": "fr", "franse": "fr", "french": "fr", "spaans": "es", "spaanse": "es", "spanish": "es",
    "portugees": "pt", "portugese": "pt", "braziliaans": "pt", "braziliaanse": "pt", "portuguese": "pt",
    "italiaans": "it", "italiaanse": "it", "italian": "it", "bulgaars": "bg", "bulgaarse": "bg",
    "roemeens": "ro", "roemeense": "ro", "romanian": "ro", "hongaars": "hu", "hongaarse": "hu",
    "chinees": "zh", "chinese": "zh", "koerdisch": "ku", "koerdische": "ku", "kurdish": "ku",
    "surinaams": "nl", "surinaamse": "nl", "antilliaans": "pap", "vlaams": "nl", "vlaamse": "nl",
}
# Someone new to the country: international groups and activities in other languages fit.
NEWCOMER = frozenset(
    "statushouder statushouders nieuwkomer nieuwkomers vluchteling vluchtelingen asielzoeker expat expats "
    "migrant migrante arbeidsmigrant immigrant newcomer newcomers refugee refugees expatriate inburgeraar "
    "inburgering".split()
)
# In an English question, a nationality says the client came from abroad.
FOREIGN_EN = frozenset(
    "indian chinese japanese korean american canadian british english irish scottish australian african nigerian "
    "ghanaian kenyan ethiopian eritrean somali egyptian moroccan syrian iraqi iranian afghan pakistani turkish greek "
    "italian spanish portuguese french german polish romanian bulgarian hungarian russian ukrainian brazilian "
    "mexican colombian argentinian filipino indonesian vietnamese thai".split()
)
# Countries, as a coach writes that the client has just come from one ("net uit Spanje",
# "came from Poland"): new to the country. Towns are not in it ("net uit Amsterdam").
COUNTRIES = frozenset(
    "spanje frankrijk italie portugal griekenland polen roemenie bulgarije hongarije duitsland belgie engeland "
    "ierland oekraine rusland turkije marokko algerije tunesie egypte syrie irak iran afghanistan pakistan india "
    "china japan indonesie filipijnen vietnam thailand eritrea ethiopie somalie soedan jemen nigeria ghana kenia "
    "congo brazilie colombia venezuela argentinie mexico suriname curacao aruba bonaire "
    "spain france italy greece poland romania bulgaria hungary germany belgium ireland ukraine russia turkey "
    "morocco algeria tunisia egypt syria iraq afghanistan philippines ethiopia somalia sudan yemen kenya brazil "
    "venezuela argentina".split()
)
# The words before a country that make it where the client has just come from.
JUST_CAME_FROM = frozenset("net pas vers gevlucht gekomen kwam came moved arrived fled".split())
INTERNATIONAL_WORDS = frozenset("international internationals internationaal internationale".split())
NEWCOMER_PHRASES = (
    ("nieuw", "in", "nederland"), ("net", "in", "nederland"), ("pas", "in", "nederland"), ("new", "to", "the", "country"),
    ("new", "in", "the", "netherlands"), ("moved", "to", "the", "netherlands"), ("new", "to", "the", "netherlands"),
    ("uit", "het", "buitenland"), ("from", "abroad"), ("spreekt", "geen", "nederlands"), ("spreekt", "weinig", "nederlands"),
    ("no", "dutch"), ("little", "dutch"), ("doesn't", "speak", "dutch"), ("does", "not", "speak", "dutch"),
)


@dataclass
class Person:
    """What the words tell about the client; every field may stay unknown."""

    age: int | None = None
    age_label: str | None = None  # as typed: "81", "meisje"
    gender: str | None = None  # "f" or "m"
    gender_label: str | None = None
    languages: list[str] = field(default_factory=list)
    newcomer: bool = False
    newcomer_label: str | None = None
    partner: str | None = None  # the word for the client's partner, when the words speak of one
    relative: str | None = None  # another one the client cares for or lives with: "voor vader", "zoon met"
    english: bool = False  # the coach wrote in English: the client may well need English
    person_words: set[int] = field(default_factory=set)  # token positions that only describe the person
    medium_words: set[int] = field(default_factory=set)  # a language as the medium: "in English"


def read_person(tokens: list[str], english_words: set[str], this_year: int,
                dutch_words: frozenset[str] | set[str] = frozenset()) -> Person:
    """The person described by `tokens` (folded words, in order); `english_words` and
    `dutch_words` are the words known to be English or Dutch."""
    person = Person()
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        before = tokens[position - 1] if position else ""
        if token.isdigit():
            person.person_words.add(position)
            if following in DURATION and following not in ("jaar",) or before in ("sinds", "since", "al", "for"):
                continue  # "2 weken", "sinds 3 jaar": how long, not how old
            if following == "jaar" and tokens[position + 2:position + 3] not in (["oud"], []):
                continue  # "5 jaar weduwe": how long, unless "81 jaar (oud)"
            number = int(token) if len(token) <= 4 else -1
            if 1900 < number <= this_year:
                number = this_year - number  # a birth year
            # A child's age is under 10 too: "meisje 9", "jongen van 7" (not "2 kinderen").
            after_child = before in CHILD_WORDS or (before == "van" and position >= 2 and tokens[position - 2] in CHILD_WORDS)
            youngest = 2 if after_child else 10
            if youngest <= number <= 110 and (person.age is None or person.age_label in AGE_HINTS):
                person.age, person.age_label = number, token
            continue
        if token in AGE_WORDS and position and tokens[position - 1].isdigit():
            person.person_words.add(position)
            continue
        if token in ("man", "vrouw") and (following in PARTNER_NEXT or before in PARTNER_BEFORE):
            # "man overleden", "zorgt voor haar man": the partner, not the client
            person.person_words.add(position)
            person.partner = person.partner or token
            if person.gender is None:
                person.gender, person.gender_label = ("f" if token == "man" else "m"), f"{token} {following}".strip()
            continue
        if token in PARTNER_WORDS or (token in ("man", "vrouw") and person.gender == ("f" if token == "man" else "m")):
            # "meneer 70, vrouw heeft een beroerte gehad": a man's "vrouw" is his wife
            person.partner = person.partner or token
            if token in ("man", "vrouw"):
                person.person_words.add(position)
                continue
        if token in PERSON_ONLY:
            person.person_words.add(position)
        if person.gender is None and (token in FEMALE or token in FEMALE_CONTENT):
            person.gender, person.gender_label = "f", token
        elif person.gender is None and (token in MALE or token in MALE_CONTENT):
            person.gender, person.gender_label = "m", token
        if token in AGE_HINTS and person.age is None:
            person.age_label = token
            person.age = AGE_HINTS[token]
        if token in LANGUAGES:  # also searched: "Turkse" finds the Turkse ouderensoos
            code = LANGUAGES[token]
            if code != "nl" and code not in person.languages:
                person.languages.append(code)
        if token in NEWCOMER and not person.newcomer:
            person.newcomer, person.newcomer_label = True, token
    for position in range(2, len(tokens)):
        if (tokens[position] in COUNTRIES and tokens[position - 1] in ("uit", "from")
                and tokens[position - 2] in JUST_CAME_FROM and not person.newcomer):
            person.newcomer, person.newcomer_label = True, " ".join(tokens[position - 2:position + 1])
    for phrase in NEWCOMER_PHRASES:
        for start in range(len(tokens) - len(phrase) + 1):
            if tuple(tokens[start:start + len(phrase)]) == phrase and not person.newcomer:
                person.newcomer, person.newcomer_label = True, " ".join(phrase)
    _relatives(tokens, person)
    content = [t for i, t in enumerate(tokens) if i not in person.person_words and not t.isdigit()]
    # Written in English: most of the words that are English or Dutch are English (names of
    # places and words neither list knows do not count either way).
    english = sum(1 for t in content if t in english_words and t not in dutch_words)
    dutch = sum(1 for t in content if t in dutch_words and t not in english_words)
    if content and english + dutch:
        person.english = english / (english + dutch) >= 0.5
    if person.english and not person.newcomer:
        # Written in English about someone from abroad, or "new to/in" a place: a newcomer.
        for position, token in enumerate(tokens):
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            if token in FOREIGN_EN or token in INTERNATIONAL_WORDS or (token == "new" and following in ("to", "in")):
                person.newcomer, person.newcomer_label = True, token if token != "new" else f"new {following}"
                break
    _medium(tokens, person)
    return person


def _medium(tokens: list[str], person: Person) -> None:
    """A language as the medium ("in English", "English speaking", "spreekt Arabisch",
    "Engelstalig") says which language the client speaks: person evidence (an activity
    offered in it, read above). A thesaurus phrase made of nothing else is then not searched,
    or "in English" (Engelstalig, with its neighbours internationaal and expat) finds every
    international group before the volunteering asked for; nor are its words one by one. A
    language word outside such a phrase ("speaks English") is still searched, and so is a
    language as the subject ("Nederlands oefenen", "Dutch lessons")."""
    for position, token in enumerate(tokens):
        if token not in LANGUAGES:
            continue
        before = tokens[position - 1] if position else ""
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        marker = None
        if before in MEDIUM_BEFORE:
            marker = position - 1
        elif following in MEDIUM_AFTER:
            marker = position + 1
        elif not token.endswith(("talig", "talige")):
            continue
        person.medium_words.add(position)
        if marker is not None:
            person.medium_words.add(marker)


def _relatives(tokens: list[str], person: Person) -> None:
    """A parent word about someone else ("haar demente moeder", "jongen 17, moeder wil dat hij
    sport") is not the client's role: it is not searched as one (no parents' groups)."""
    for position, token in enumerate(tokens):
        gender = PARENT_ROLES.get(token)
        if gender is None:
            continue
        before = tokens[max(0, position - 2):position]
        client_gender = person.gender if person.gender_label != token else None
        if (any(w in POSSESSIVES for w in before) or _after_a_preposition(tokens, position)
                or (client_gender is not None and client_gender != gender)
                or (person.age is not None and person.age < 18)):
            person.person_words.add(position)
            person.relative = person.relative or token
            if person.gender_label == token:  # the father is a man, not the client
                person.gender, person.gender_label = None, None
    if person.relative is None:
        person.relative = next((token for position, token in enumerate(tokens)
                                if token in CHILDREN and _the_clients_child(tokens, position)), None)


def _the_clients_child(tokens: list[str], position: int) -> bool:
    following = tokens[position + 1] if position + 1 < len(tokens) else ""
    return following in ("met", "with") or (position > 0 and tokens[position - 1] in POSSESSIVES)


def _after_a_preposition(tokens: list[str], position: int) -> bool:
    """Whether the word before (past "eigen" or "de") is one of RELATIVE_AFTER."""
    at = position - 1
    if at >= 0 and tokens[at] in ("eigen", "de", "own", "the"):
        at -= 1
    return at >= 0 and tokens[at] in RELATIVE_AFTER
