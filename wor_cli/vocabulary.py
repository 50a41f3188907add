"""The controlled lists of the specs, in one place.

Reasons, themes, days, contact modes, activity statuses, outcomes and language
codes are fixed by `cli.md` and `catalogue-format.md`; the code holds only these
English keys, and the message catalogues hold what a coach reads for each.
"""

from __future__ import annotations

REASONS = (
    "eenzaamheid", "somberheid", "stress", "rouw", "zingeving", "weinig-bewegen",
    "geldzorgen", "dagbesteding", "mantelzorg", "levensgebeurtenis", "overig",
)

THEMES = (
    "bewegen", "ontmoeten", "creatief", "cultuur", "natuur", "vrijwilligerswerk", "leren",
    "zingeving", "praktische-hulp", "gezondheid", "mantelzorg", "rouw", "werk", "lotgenoten",
)

# Which kinds of activity usually help with each reason for referral. Used by
# `wor match --client` to favour (not to filter) activities in these themes.
REASON_THEMES = {
    "eenzaamheid": ("ontmoeten", "lotgenoten", "vrijwilligerswerk"),
    "somberheid": ("bewegen", "natuur", "creatief", "ontmoeten"),
    "stress": ("bewegen", "natuur", "zingeving", "gezondheid"),
    "rouw": ("rouw", "lotgenoten", "zingeving"),
    "zingeving": ("zingeving", "vrijwilligerswerk", "leren"),
    "weinig-bewegen": ("bewegen", "gezondheid"),
    "geldzorgen": ("praktische-hulp",),
    "dagbesteding": ("werk", "vrijwilligerswerk", "creatief"),
    "mantelzorg": ("mantelzorg", "lotgenoten"),
    "levensgebeurtenis": ("lotgenoten", "zingeving"),
    "overig": (),
}

CONTACT_MODES = ("face-to-face", "phone", "video", "home-visit")

ACTIVITY_STATUSES = ("suggested", "started", "continuing", "stopped", "declined")
TAKEN_UP = ("started", "continuing")  # an activity the client actually goes to

OUTCOMES = ("completed", "stopped-early", "referred-elsewhere", "no-show")

# Why a client dropped out (close.dropout_reason, with stopped-early or no-show), and the
# answers of the follow-up about three months after closing (cli.md "Effect and follow-up").
DROPOUT_REASONS = (
    "no-longer-needed", "health", "no-fitting-activity", "moved", "other-help", "unreachable", "other",
)
DROPOUT_OUTCOMES = ("stopped-early", "no-show")
STILL_TAKING_PART = ("yes", "other-activity", "stopped", "never-started")

# What most often stands between a client and an activity; asked at contacts 2-4.
BARRIERS = (
    "vervoer", "kosten", "spannend", "gezondheid", "energie", "taal", "tijd",
    "mantelzorgtaken", "weet-niet-wat", "anders",
)

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DUTCH_DAYS = dict(zip(
    ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"), DAYS
))
# A day as people write it: "di", "din", "dinsdag", "dinsdags", "tue", "Tuesday" (and a few more).
DAY_WORDS: dict[str, str] = {}
for _english, _dutch in zip(DAYS, DUTCH_DAYS):
    for _word in (_english, _english[:3], _english[:2], _dutch, _dutch[:2], _dutch[:3], _dutch + "s"):
        DAY_WORDS[_word] = _english
DAY_WORDS.update({"tues": "tuesday", "thur": "thursday", "thurs": "thursday", "woe": "wednesday",
                  "don": "thursday", "vrij": "friday", "zat": "saturday", "zon": "sunday"})

FREQUENCIES = ("weekly", "biweekly", "monthly", "once")
COST_PERIODS = ("session", "month", "year", "course", "once")
ACCESSIBILITY = ("wheelchair", "hearing-loop", "low-vision", "quiet-space", "transport-available")

# ISO 639-1, the two-letter language codes.
LANGUAGE_CODES = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())

# The languages offered first when a coach picks a client's languages; any
# ISO 639-1 code can still be typed.
COMMON_LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "ti", "so", "de", "fr", "es")

# How a letter names the client: "mevrouw Van der Meulen" (client.salutation).
SALUTATIONS = ("mevrouw", "meneer")
