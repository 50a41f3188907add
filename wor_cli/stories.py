"""The shareable story of a referral: what reports may tell, anonymised.

At closing the coach writes two texts: the summary for the GP (the course and
the advice, in the final letter) and, only when they choose to share one, a
story for reports to the municipality (`referrals.story`). Reports never show
a story as typed: names, places, numbers and dates go out first
(`reports/anonymise.py`). The coach sees exactly that anonymised text, at the closing
prompt and in `wor show`, before and after agreeing to share it, so nothing
reaches a report that the coach has not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wor_cli.i18n import t

if TYPE_CHECKING:
    from wor_cli.reports.anonymise import Anonymiser
    from wor_cli.store import Store


def anonymiser(store: Store) -> Anonymiser:
    """One anonymiser that knows every client's and referrer's name in this database."""
    from wor_cli.reports.anonymise import KINDS, Anonymiser

    everyone = store.value(
        "SELECT coalesce((SELECT group_concat(name, char(10)) FROM clients), '') || char(10) || "
        "coalesce((SELECT group_concat(name || char(10) || practice, char(10)) FROM referrers), '')"
    )
    markers = {kind: t(f"report.redacted.{kind}") for kind in KINDS}
    activities = [name for (name,) in store.conn.execute("SELECT DISTINCT name FROM activity_links")]
    return Anonymiser(markers, names=everyone, keep=activities)  # activity names are not personal


def as_reported(store: Store, story: str, *, client: str | None, referrer: str | None, practice: str | None,
                using: Anonymiser | None = None) -> str:
    """The story as a report will show it."""
    return (using or anonymiser(store)).clean(story, names=(client, referrer), phrases=(practice,))
