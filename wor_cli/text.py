"""Turning Dutch text into search terms: fold, split, drop filler words, stem.

The same analysis runs over the catalogue when it is indexed and over what a
coach types, so "Wandelingen" and "wandelen" meet at the stem "wandel".

The stemmer is Snowball's classic Dutch (Porter) algorithm. Snowball 3's newer
`dutch` stemmer strips "ge" wherever it finds it ("geldzorgen" becomes
"ldzorg", "vrijwilligerswerk" becomes "vrijwillirswerk"), which ruins exactly
the words coaches use, so we ask for `dutch_porter` by name. Stems are cached:
a catalogue repeats the same few thousand words, and the stemmer (pure Python)
is the slow part of indexing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
# Words often written as one that Dutch spelling writes apart: "drinkt teveel" is the
# thesaurus's "te veel drinken", and an activity that says "teveel" means the same.
_APART = re.compile(r"\bte(veel|weinig)\b")

# Words that carry no meaning for a search: articles, pronouns, linking words,
# and the filler of a coach's quick note ("vroeger veel", "houdt van").
DUTCH_STOPWORDS = frozenset(
    """
    de het een en of maar van in op aan te met voor door over bij naar uit om tot als dan dat die
    dit deze er is zijn was waren wordt worden werd heeft hebben had wil wilt willen kan kunnen
    zou zal moet mag hij zij ze haar hem hun hen ik je jij u uw we wij mijn zich zelf ook nog wel
    niet geen heel erg veel vaak graag houdt houden zo al weer eens iets niets alles iemand
    vroeger nu sinds na toen meer minder wat wie waar hoe echt best beetje soms altijd nooit
    doen gaan gaat komt komen zit zitten weinig dingen eigenlijk misschien even
    jaar jaren maand maanden week weken dag dagen laatste laatst afgelopen paar enkele ongeveer bijna
    steeds telkens vindt vind voelt voel zegt vertelt klaagt lijkt raakt kreeg krijgt gehad geweest
    gedaan mevrouw meneer dhr mevr client clienten patient patiente huisarts verwezen verwijzing
    nergens niks meer daar hier dus omdat want terwijl zodat toch juist vooral wordt zei willen
    jarige oud oude tijdje keer s z n d r hen zelf men wel allemaal erg enorm ontzettend behoorlijk
    twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig zestig
    zeventig tachtig negentig honderd eerste tweede derde vierde helft
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """
    the a an and or of to in on at for with by from is are was be been has have had he she they
    her his him their it its i my me we our you your not no very much likes like would used
    since weeks years months days year month week wants want some more lot lots really feel feels
    says this that who which what after before about into also just get got being do does did can
    could should will there here them then than so as but if when all any one two would doesn t s
    lately recently still often always never quite rather bit little much many three four five
    first second
    """.split()
)
STOPWORDS = DUTCH_STOPWORDS | ENGLISH_STOPWORDS
# Words that may stand inside a phrase without changing it: "heeft nergens meer zin in" is
# "nergens zin in", "mist de collega's" is "mist collega". Negations are not among them.
GAP_WORDS = frozenset(
    """
    de het een s z n d r zijn haar mijn zn dr erg heel echt veel meer wel nog even al eens best
    behoorlijk ontzettend enorm zo ook er toch ineens opeens helemaal steeds vaak the a an his her my
    very really much more so quite still just all
    """.split()
)


def fold(text: str) -> str:
    """Lower case without accents: "Café Cliënt" -> "cafe client"."""
    text = text.lower()
    if text.isascii():  # the common case, and much faster than decomposing
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of `text`, in order, stopwords included ("teveel" as "te veel")."""
    return _WORD.findall(_APART.sub(r"te \1", fold(text)))


def phrase_key(tokens: list[str]) -> str:
    """Folded words as the stems of their content: the key phrases are matched by."""
    return " ".join(stem(w) for w in tokens if w not in GAP_WORDS)


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


@lru_cache(maxsize=1)
def _stemmer():
    from snowballstemmer.dutch_porter_stemmer import DutchPorterStemmer

    return DutchPorterStemmer()


# Words the Dutch stemmer merges although they mean different things: "ouderen" (the elderly)
# and "ouders" (parents) both become "ouder", and a question about a parent reached every
# activity for older people. These keep a stem of their own.
STEM_SPLITS = {"ouderen": "ouderen", "oudere": "ouderen"}
# A stem searched as the first part of a longer word ("ouder" in "ouderschap") does not reach
# the words that begin with another word it is the start of ("ouderenwerk" is about ouderen).
PREFIX_NOT = {"ouder": ("ouderen",)}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one folded word; numbers and very short words stay as they are."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word in STEM_SPLITS:
        return STEM_SPLITS[word]
    return _stemmer().stemWord(word)


def terms(text: str) -> str:
    """`text` as space-separated stems, ready for the full-text index.

    Stopwords stay in the index (bm25 gives them little weight anyway), so a
    thesaurus phrase such as "geen zin" or "weinig contact" can still be found
    as a phrase; a query never searches a stopword on its own.
    """
    return " ".join(stem(w) for w in words(text))
