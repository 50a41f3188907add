"""Closed classes of words, kept as data: what a word *does* in a coach's note, not what it means.

Frequency alone (wordfreq's Zipf) does not tell "net" (just: "net met pensioen") or "zoekt"
from a content word: both are common, and so is "koffie". These lists are small and closed
(Dutch and English function words and light verbs a note is made of), not vocabulary of the
field: no word here names an activity, a theme or a situation.
"""

from __future__ import annotations

# Light verbs and particles: they carry a sentence ("zoekt", "loopt vast", "hangt rond", "kan
# slecht lezen"), the content is in the words around them. Only words the thesaurus does not
# hold are read this way (a thesaurus word is the coach's own word); phrases that contain them
# ("loopt op zijn tandvlees", "lopen vast") are found before single words are read. "mist de
# natuur": what is missed is what to find, not the word "mist" (fog); "vorig jaar": when.
LIGHT_WORDS = frozenset(
    """
    zoekt zoek zoeken gezocht wilt doet deed deden gaat ging gingen komt kwam kwamen ligt lag liggen
    lukt lukte weet wist ziet zag zien vinden vond blijft bleef blijven hangt hing staat stond staan
    zet zette gezet krijgt kreeg krijgen maakt maken maakte houdt hield vraagt vroeg
    spreekt sprak woont woonde loopt liep lopen kent kende kennen denkt dacht laat liet
    geeft gaf neemt nam brengt bracht
    net toe heen rond tegen tussen zonder kort hele heleboel slecht goed beter erg best nauwelijks
    amper eindelijk ineens opeens gewoon zelfs mist miste vorig vorige
    works worked lives lived needs needed speaks speaking spoke feels felt finds found gets keeps
    looking struggling trying goes went comes came
    """.split()
)

# Words that open what the client *wants* ("wil graag zingen", "zoekt lotgenoten", "would like
# to meet people", "lijkt het leuk om te tekenen"): the words after them, to the end of the
# clause, describe the activity; the rest of a note describes the person and the situation.
WISH_WORDS = frozenset(
    """
    wil wilt willen wou zoekt zoek zoeken graag liefst liever leuk fijn interesse hoopt houdt
    wants want wanted wish wishes like likes looking interested hopes loves enjoys prefers
    """.split()
)
# Where a clause ends: punctuation, and a "but" that turns to what is not wanted.
CLAUSE_WORDS = frozenset("maar but".split())
# Words that name what happened before: in "drinkt te veel sinds zijn vrouw weg is" what comes
# before them is the client's own answer to it.
SINCE_WORDS = frozenset("sinds sindsdien nadat since after".split())

# The particles of Dutch separable verbs ("buiten|sluiten", "weg|sturen", "op|geven"): before a
# past participle they make one verb ("buitengesloten"), not a compound of two words.
PARTICLES = frozenset(
    """
    aan achter af bij binnen buiten door in los mee na neer om onder op over terug toe uit
    vast voor weg samen thuis
    """.split()
)

# "alleen" is "alone" (loneliness) in "woont alleen", "zit veel alleen", and "only" in "kan alleen
# maandag", "spreekt alleen Engels", "alleen 's avonds", "zit alleen maar te gamen": read as
# "only" after these words, or before these, a day or time of day (when.TIME_WORDS) or a language
# (person.LANGUAGES); "op" only before a day ("alleen op maandag", not "zit alleen op haar
# kamer"). Then it is not a word to search.
ONLY_AFTER = frozenset("kan kon kunnen wil wilt mag mogen moet spreekt spreken sturen stuurt".split())
ONLY_BEFORE = frozenset("maar s nog even".split())
ONLY_WORDS = frozenset({"alleen"})
