"""The forms a word takes: the endings that lead back to the thesaurus's own word.

An adjective's or a doer's ending ("depressieve" -> depressief, "fietser" -> fiets) and a verb
as a coach writes it about the client ("valt" -> vallen, "slaapt" -> slapen): the Dutch stemmer
keeps those apart from the word the thesaurus has.
"""

from __future__ import annotations

# Endings of inflected and derived forms, longest first, and what the base form ends in instead.
BASE_ENDINGS = (
    ("ische", "isch"), ("ster", ""), ("eres", ""), ("aars", ""), ("aar", ""), ("ers", ""), ("es", ""),
    ("ve", "f"), ("ze", "s"), ("er", ""), ("en", ""), ("e", ""),
)


# Verb forms that say how things are, not what is wanted: a client who "werkt fulltime" has
# work, and "werken" would point the search to jobs and re-integration.
SAYS_HOW_THINGS_ARE = frozenset({"werkt"})


# The past of strong verbs a coach uses for what the client used to do ("zong vroeger in een
# koor", "las altijd veel"); the weak ones ("tekende", "breide", "speelde") follow the rules.
# ("liep" is a light word, wordclasses.LIGHT_WORDS: never looked up.)
STRONG_PAST = {
    "zong": "zingen", "zongen": "zingen", "las": "lezen", "lazen": "lezen",
    "liepen": "lopen", "zwom": "zwemmen", "zwommen": "zwemmen", "schreef": "schrijven",
    "schreven": "schrijven", "reed": "rijden", "hielp": "helpen", "hielpen": "helpen",
}
WEAK_PAST = ("den", "ten", "de", "te")  # "tekende", "danste", "speelden"
STRONG_PARTICIPLES = {
    "gezongen": "zingen", "gelezen": "lezen", "gelopen": "lopen", "gezwommen": "zwemmen",
    "geschreven": "schrijven", "gereden": "rijden", "geholpen": "helpen",
}


def verb_infinitives(word: str) -> list[str]:
    """The infinitives a present-tense verb form may come from, as a coach writes about a
    client ("valt vaak", "slaapt slecht", "leest graag", "fietst niet meer"): the stemmer keeps
    their -t, so "valt" would never meet "vallen". Spelling rules give the candidates (a long
    vowel written once before -en, a short one doubling the consonant, s/f turning z/v); the
    caller keeps only one the thesaurus knows."""
    if len(word) < 4 or not word.endswith("t") or word.endswith("tt") or word in SAYS_HOW_THINGS_ARE:
        return []
    return _from_root(word[:-1])  # "valt" -> val, "slaapt" -> slaap, "wandelt" -> wandel


def past_infinitives(word: str) -> list[str]:
    """The infinitives a past form may come from: what the client used to do is what to look
    for ("tekende vroeger veel" -> tekenen, "breide" -> breien, "zong" -> zingen, "heeft
    altijd gehandwerkt" -> handwerken). A weak verb's root is what is left before -de/-te or
    between ge- and -t/-d, at least four letters ("grote" is no verb, "gezond" no participle);
    strong verbs come from a table; the caller keeps only one the thesaurus knows."""
    if word in STRONG_PAST:
        return [STRONG_PAST[word]]
    if word in STRONG_PARTICIPLES:
        return [STRONG_PARTICIPLES[word]]
    if word.startswith("ge"):  # a participle ("heeft altijd gehandwerkt", "getekend"), not a past
        return _from_root(word[2:-1]) if word.endswith(("t", "d")) and len(word) >= 7 else []
    for ending in WEAK_PAST:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return _from_root(word[: -len(ending)])
    return []


def _from_root(root: str) -> list[str]:
    if len(root) < 3:
        return []
    forms = [root + "en"]
    if root[-1] not in "aeiou" and root[-2] in "aeiou" and root[-3] == root[-2]:  # slaap, kook, lees
        short = root[:-2] + root[-1]
        forms.append(short + "en")
        if root[-1] in "sf":
            forms.append(short[:-1] + {"s": "z", "f": "v"}[root[-1]] + "en")  # leest -> lezen, geeft -> geven
    elif root[-1] not in "aeiou" and root[-2] in "aeiou" and root[-3] not in "aeiou":  # val, pak
        forms.append(root + root[-1] + "en")
    elif root[-1] in "aeiou" and root[-2] == root[-1]:  # gaat -> gaan, staat -> staan
        forms.append(root + "n")
    elif root.endswith(("oe", "ie")):  # doet -> doen
        forms.append(root + "n")
    return forms
