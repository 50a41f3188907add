"""Dutch words and how common they are, from wordfreq's list, for telling a typo from a word
the catalogue happens not to use (the index copies them into its `lexicon` table)."""

from __future__ import annotations

from pathlib import Path

LEXICON_MIN_ZIPF = 2.0  # rarer "words" in the frequency list are mostly typos and names
LEXICON_MIN_LENGTH = 4  # shorter words are never corrected nor split


def dutch_words() -> list[tuple[str, float]] | None:
    """wordfreq's Dutch word list as (word, Zipf frequency), common words first.

    Read straight from the package's data file (its documented "cBpack" format: a header,
    then lists of words per centibel of frequency), because importing wordfreq itself pulls
    in its whole text pipeline (0.3 s) for a list we only look words up in.
    """
    import gzip
    import importlib.util

    from wor_cli.text import fold

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "data" / "large_nl.msgpack.gz"
    try:
        import msgpack

        with gzip.open(path) as packed:
            data = msgpack.load(packed, raw=False)
    except (ImportError, OSError, ValueError):
        return None
    if not data or not isinstance(data[0], dict) or data[0].get("format") != "cB":
        return None
    words: list[tuple[str, float]] = []
    for centibels, bucket in enumerate(data[1:]):
        zipf = round(9 - centibels / 100, 2)
        if zipf < LEXICON_MIN_ZIPF:
            break
        words += [(fold(w), zipf) for w in bucket if len(w) >= LEXICON_MIN_LENGTH and w.isalpha()]
    return words
