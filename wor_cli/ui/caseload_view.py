"""`wor list` in the terminal: the caseload as plain aligned columns, written as it is read.

Not a rich table: rich lays a table out by measuring every cell of every row
before printing the first, about 0.5 ms a row and all of it in memory (643 MiB
for 100,000 referrals). Here the widths are known beforehand (the catalogue's
words, and the longest names from `caseload.overview`), so each referral is a
line or two of fitted cells written the moment it is read. This module
imports no rich table or panel, so the list starts as quickly as it prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wor_cli.i18n import short_date, t

GAP = "  "


def caseload_widths(overview: dict[str, int], width: int) -> list[int]:
    """The six columns' widths: the fixed ones from the catalogue's words, the names share the rest.

    Known before the first row is read (`caseload.overview` gives the longest
    reference and names, and whether open or closed referrals are among them),
    so the table is written as it is read. When the names do not both fit, the
    client's keeps three fifths of the room and the GP's two (at least 12 characters).
    """
    day = len(short_date("2026-11-23"))
    status, following = [len(t("list.col.status"))], [len(t("list.col.next")), day]
    if overview.get("open", 1):
        status += [len(t("status.new")), len(t("status.active")), len(t("list.past_three_months"))]
        following += [len(t("list.overdue"))]
        if overview.get("appointments", True):
            following += [len(t("list.appointment")) + 6]  # "afspraak 10:30"
    if overview.get("closed", 1):
        status += [len(t("status.closed"))]
        following += [len(t("privacy.list_purge_on")), len(t("privacy.list_purge_due"))]
    fixed = [
        max(len(t("list.col.ref")), min(overview["ref"], 16), len(t("list.draft"))),  # R26-0007; longer is cut
        max(status),
        max(len(t("list.col.contacts")), day),
        max(following),
    ]
    client = max(len(t("list.col.client")), overview["client"])
    gp = max(len(t("list.col.gp")), overview["referrer"])
    room = width - sum(fixed) - 5 * len(GAP)
    if client + gp > room:
        gp = max(len(t("list.col.gp")), min(gp, max(12, room - client, room * 2 // 5)))
        client = max(len(t("list.col.client")), 10, room - gp)
    return [fixed[0], client, gp, fixed[1], fixed[2], fixed[3]]


def _caseload_words() -> dict[str, str]:
    """The words of the caseload table, looked up once per table rather than once per row."""
    keys = {"appointment": "list.appointment", "overdue": "list.overdue", "draft": "list.draft",
            "past": "list.past_three_months", "purge_on": "privacy.list_purge_on",
            "purge_due": "privacy.list_purge_due"}
    words = {name: t(key) for name, key in keys.items()}
    words["last"] = t("list.last", date="{date}")
    words.update({f"status.{s}": t(f"status.{s}") for s in ("new", "active", "closed")})
    return words


def caseload_cells(entry: dict[str, Any], words: dict[str, str] | None = None,
                   day: Any = short_date) -> list[tuple[str, str, str]]:
    """Each column's two lines and its style: the second line holds the detail (a date, a mark)."""
    words = words or _caseload_words()
    due, after, due_style = day(entry["next_due"]), "", ""
    if entry.get("next_appointment"):
        when, _, time = entry["next_appointment"].partition(" ")
        due, after = f"{words['appointment']} {time}".rstrip(), day(when)
    elif entry["overdue"]:
        after, due_style = words["overdue"], "bold red"
    if entry.get("purge_on"):  # closed: when retention ends (see privacy.retention)
        due, after = words["purge_on"], day(entry["purge_on"])
        if entry["purge_due"]:
            due, due_style = words["purge_due"], "bold red"
    past = entry["past_three_months"]
    status = words.get(f"status.{entry['status']}") or t(f"status.{entry['status']}")
    last = words["last"].replace("{date}", day(entry["last_contact"])) if entry["last_contact"] else ""
    return [
        (entry["ref"], words["draft"] if entry.get("draft") else "", ""),
        (_text(entry["client"]), "", ""),
        (_text(entry["referrer"]), "", ""),
        (status, words["past"] if past else "", "bold yellow" if past else ""),
        (str(entry["contacts"]), last, ""),
        (due, after, due_style),
    ]


def write_caseload(console: Any, overview: dict[str, int], entries: Iterable[dict[str, Any]]) -> None:
    """The caseload as plain aligned columns, each referral written as soon as it is read.

    Memory stays flat however long the caseload; a referral takes a second line only
    when it has a detail (the last conversation's date, a mark, a date under a word).
    Names too long for the terminal are cut with an ellipsis; --json has them whole.
    """
    from functools import lru_cache

    from wor_cli.ui.columns import Painter, fit

    widths = caseload_widths(overview, console.width)
    paint = Painter(console)
    headers = ("list.col.ref", "list.col.client", "list.col.gp", "list.col.status", "list.col.contacts", "list.col.next")
    write = console.file.write
    write(paint(t("list.title", count=overview["count"]), "bold") + "\n")
    write(paint(GAP.join(fit(t(h), w) for h, w in zip(headers, widths)).rstrip(), "dim") + "\n")
    words = _caseload_words()
    day = lru_cache(maxsize=4096)(short_date)  # a caseload's dates repeat: each written out once

    @lru_cache(maxsize=1024)  # the words and dates of the fixed columns repeat on every row
    def repeated(text: str, width: int, style: str) -> str:
        return cell(text, width, style)

    def cell(text: str, width: int, style: str) -> str:
        fitted = fit(text, width)
        if not style or not paint.active:
            return fitted
        shown = fitted.rstrip(" ")
        return paint(shown, style) + fitted[len(shown):]

    names = (repeated, cell, cell, repeated, repeated, repeated)  # only the names do not repeat
    marks = ("yellow", "", "", "", "", "")  # the draft mark; the other details keep their cell's style
    for entry in entries:
        cells = caseload_cells(entry, words, day)
        write(GAP.join([kind(top, w, style) for kind, (top, _, style), w in zip(names, cells, widths)]).rstrip(" ")
              + "\n")
        if cells[0][1] or cells[3][1] or cells[4][1] or cells[5][1]:
            write(GAP.join([repeated(below, w, style or mark) for (_, below, style), w, mark
                            in zip(cells, widths, marks)]).rstrip(" ") + "\n")


def _text(value: Any) -> str:
    return "" if value is None else str(value)
