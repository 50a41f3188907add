"""An HSDS service's attributes: taxonomy terms to themes, keywords, accessibility and our id.

Terms of the taxonomies `wor catalogue export` writes read back exactly; any other term is
looked up by its name or code in the themes table (data/interchange.yaml), and one that maps to
no theme is kept as a keyword and counted as unmapped.
"""

from __future__ import annotations

import re

from wor_cli.catalogue import forms, word_tables
from wor_cli.catalogue.hsds_fields import FieldReader
from wor_cli.catalogue.imported import Imported
from wor_cli.text import fold
from wor_cli.vocabulary import ACCESSIBILITY, THEMES

# The taxonomies `wor catalogue export` writes, so an export reads back exactly.
THEME_TAXONOMY = "wor-themes"
KEYWORD_TAXONOMY = "wor-keywords"
ACCESS_TAXONOMY = "wor-accessibility"  # for an activity without a location, where HSDS keeps accessibility
ID_CODE = "wor-id"


class TermReader(FieldReader):
    """The taxonomy terms of a source's services, each distinct term looked up once."""

    def __init__(self, imported: Imported) -> None:
        super().__init__(imported)
        self.themes = word_tables.tables()["themes"]
        self.term_kinds: dict[tuple[str, str, str], tuple[str, str]] = {}
        # (code, name, taxonomy as given, whether it has a taxonomy_detail) -> what `term` made of them,
        # kept only where the taxonomy_detail was not needed
        self.raw_terms: dict[tuple, tuple[str, str]] = {}

    def attributes(self, s: dict, path: str) -> tuple[str | None, list[str], list[str], list[str]]:
        given_id: str | None = None
        themes: list[str] = []
        keywords: list[str] = []
        access: list[str] = []
        raw_terms = self.raw_terms
        for where, attribute in self.objects(s, "attributes", path):
            # Directories repeat the same few hundred terms: each is read and looked up once, by its
            # fields as they stand; a term seen for the first time goes the long way (`term`).
            term = attribute.get("taxonomy_term")
            kind = None
            if type(term) is dict:
                raw = (term.get("code"), term.get("name"), term.get("taxonomy"), "taxonomy_detail" in term)
                try:
                    kind = raw_terms.get(raw)
                except TypeError:  # a list where text belongs: the long way says so
                    pass
            if kind is None:
                kind = self.term(attribute, where)
                if kind is None:
                    continue
            which, value = kind
            if which == "id":
                value = self.text(attribute, "value", where)
                given_id = self.parse(where, "value", forms.activity_id, value) if value else None
                continue
            if which == "theme":
                themes.append(value)
            elif which == "access":
                access.append(value)
            elif which == "keyword":
                keywords.append(value)
            elif which == "unmapped":
                keywords.append(value)
                self.imported.unmapped_term(value)
        return given_id, list(dict.fromkeys(themes)), list(dict.fromkeys(keywords)), list(dict.fromkeys(access))

    def term(self, attribute: dict, where: str) -> tuple[str, str] | None:
        """What an attribute's taxonomy term is: ("theme", code), ("id", ""), ...; None when it has none."""
        term = self.obj(attribute, "taxonomy_term", where)
        if term is None:
            self.imported.skip(where, "interchange.skip_attribute")
            return None
        code = self.text(term, "code", where) or ""
        label = self.text(term, "name", where) or code
        taxonomy = self.text(term, "taxonomy", where) or ""
        from_detail = not taxonomy and "taxonomy_detail" in term
        if from_detail:
            detail = self.obj(term, "taxonomy_detail", where)
            taxonomy = (self.text(detail, "name", where) or "") if detail else ""
        if code == ID_CODE:
            kind = ("id", "")
        else:
            kind = self.term_kinds.get((taxonomy, code, label))
            if kind is None:
                kind = self.term_kinds[(taxonomy, code, label)] = self.term_kind(taxonomy, code, label)
        raw = (term.get("code"), term.get("name"), term.get("taxonomy"), "taxonomy_detail" in term)
        if not from_detail and all(value is None or type(value) is str for value in raw[:3]) and len(self.raw_terms) < 100_000:
            self.raw_terms[raw] = kind  # read the same way whenever these three fields come again
        return kind

    def term_kind(self, taxonomy: str, code: str, label: str) -> tuple[str, str]:
        if taxonomy == KEYWORD_TAXONOMY and label:
            return "keyword", label
        if taxonomy == THEME_TAXONOMY and code in THEMES:
            return "theme", code
        if taxonomy == ACCESS_TAXONOMY and code in ACCESSIBILITY:
            return "access", code
        theme = self.themes.get(fold(label).strip()) or self.themes.get(fold(code).strip())
        if theme:
            return "theme", theme
        return ("unmapped", label) if label else ("none", "")

    def themes_in(self, text: str) -> list[str]:
        """No term gave a theme: the table's words in the name and description, in the order found."""
        words = f" {' '.join(re.findall(r'[a-z0-9-]+', fold(text)))} "
        found: list[tuple[int, str]] = []
        for phrase, theme in self.themes.items():
            at = words.find(f" {phrase} ")
            if at >= 0:
                found.append((at, theme))
        return list(dict.fromkeys(theme for _, theme in sorted(found)))[:3]
