"""`wor agenda` on screen: plain aligned lines, one per item.

Its own small module (only rich.text), not views.py: the agenda is an everyday
command, and views.py pulls in rich's tables and panels.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from wor_cli.i18n import plural, short_date, t

AGENDA_ROWS = 200  # enough for any coach's fortnight; --json gives everything
AGENDA_OVERDUE = 50  # of what is overdue, the most recent


def agenda_lines(items: list[Any], days: int, left_out: int = 0) -> Text:
    """One line per item: date, time, reference, client, what; overdue first, in red and marked.

    Plain aligned lines rather than a rich Table: a table takes about 2 ms a row to lay
    out, lines take microseconds, and the agenda is read top to bottom anyway. At most
    AGENDA_ROWS lines (the most recent AGENDA_OVERDUE overdue, then what is coming); a
    line says how many more there are. `left_out`: overdue items the caller did not read.
    """
    from wor_cli import clock

    today = clock.today()
    overdue = [item for item in items if item.overdue(today)]
    coming = items[len(overdue):]
    shown_overdue = overdue[-AGENDA_OVERDUE:]
    hidden_overdue = len(overdue) - len(shown_overdue) + left_out
    shown_coming = coming[: max(AGENDA_ROWS - len(shown_overdue), 0)]
    late, now = t("list.overdue"), t("agenda.today")
    mark_width = max(len(late), len(now))
    client_width = min(max((len(item.client) for item in (*shown_overdue, *shown_coming)), default=10), 20)
    text = Text(no_wrap=True, overflow="ellipsis")
    total = len(items) + left_out
    ahead = t(plural("agenda.ahead", days), count=days)
    text.append(t(plural("agenda.title", total), count=total, ahead=ahead) + "\n", style="bold")
    if hidden_overdue:
        text.append(t(plural("agenda.more_overdue", hidden_overdue), count=hidden_overdue) + "\n", style="dim")
    for item in (*shown_overdue, *shown_coming):
        what = t(f"agenda.what.{item.what}")
        if item.letter:
            what = t("agenda.what.letter", kind=t(f"letter.kind.{item.letter}"))
        is_late = item.date < today.isoformat()
        mark = late if is_late else now if item.date == today.isoformat() else ""
        client = item.client if len(item.client) <= client_width else item.client[: client_width - 1] + "…"
        line = (f"{short_date(item.date)}  {item.time or '':5}  {mark:{mark_width}}  {item.ref}  "
                f"{client:{client_width}}  {what}\n")
        text.append(line, style="red" if is_late else "bold" if mark else None)
    if len(shown_coming) < len(coming):
        later = len(coming) - len(shown_coming)
        text.append(t(plural("agenda.more_coming", later), count=later) + "\n", style="dim")
    return text
