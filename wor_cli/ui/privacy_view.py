"""Terminal side of the privacy commands: the questions, and what they show.

Questions that guard data (the database key, typing a reference before an
erasure, yes/no before a restore) go through the commands' prompter (questionary
with `unsafe_ask()`), so Ctrl-C or Ctrl-D stops the command (exit 130) instead of
answering for the coach.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from wor_cli.i18n import moment, plural, short_date, t


def _ask(key: str, kind: str, message: str) -> str:
    """One question through the commands' prompter (ui/prompter.py), as every prompt is asked."""
    from wor_cli.intake.questions import Question
    from wor_cli.ui.prompter import prompter

    return prompter().ask(Question(key, kind, message)) or ""


def ask_key(key: str, message: str) -> str:
    """The passphrase, typed without being shown."""
    return _ask(key, "password", message)


def ask_text(key: str, message: str) -> str:
    return _ask(key, "text", message)


YES = ("j", "ja", "y", "yes")  # both languages' words, whichever language the coach reads


def confirm(key: str, message: str) -> bool:
    """Yes/no, with no as the default: these questions replace or erase data.

    Typed and confirmed with Enter, and read as the hint says: "(j/N)" takes
    `j` or `ja` (questionary's own confirm only knows `y`, so a Dutch coach
    typing `j` got "No"). Anything else, Enter alone included, is no.
    """
    return is_yes(_ask(key, "text", f"{message} {t('prompt.confirm_hint_no')}"))


def is_yes(answer: str | None) -> bool:
    return (answer or "").strip().lower() in YES


STATUS_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red"}


def doctor_table(checks: list[Any]) -> Table:
    table = Table(title=t("doctor.title"), title_justify="left", show_lines=True)
    table.add_column(t("doctor.col.status"), no_wrap=True)
    table.add_column(t("doctor.col.check"), no_wrap=True)
    table.add_column(t("doctor.col.finding"))
    for check in checks:
        style = STATUS_STYLE[check.status]
        text = escape(check.message)
        if check.advice:
            text += f"\n[dim]→ {escape(check.advice)}[/]"
        table.add_row(f"[{style}]{t(f'doctor.status.{check.status}')}[/]", t(f"doctor.check.{check.name}"), text)
    return table


def audit_table(rows: list[dict[str, Any]]) -> Table:
    from wor_cli.privacy.access import action_label

    table = Table(title=t(plural("audit.title", len(rows)), count=len(rows)), title_justify="left")
    table.add_column(t("audit.col.at"), no_wrap=True)
    table.add_column(t("audit.col.user"))
    table.add_column(t("audit.col.action"))
    table.add_column(t("audit.col.ref"), no_wrap=True)
    for row in rows:
        action = action_label(row["action"]) + (f": {row['detail']}" if row.get("detail") else "")
        table.add_row(moment(row["at"]), escape(row["user"]), escape(action), row["ref"] or "")
    return table


def forget_plan(plan: Any) -> Panel:
    lines = [t(plural("forget.plan_intro", len(plan.refs)), name=escape(plan.name), year=plan.birth_year,
               refs=", ".join(plan.refs))]
    for table, count in plan.counts.items():
        if count:
            lines.append(f"  • {t(plural(f'forget.count.{table}', count), count=count)}")
    lines.append("")
    lines.append(t("forget.plan_after"))
    return Panel("\n".join(lines), title=f"[bold red]{t('forget.plan_title')}[/]", title_align="left")


def purge_table(due: list[dict[str, Any]], drafts: list[dict[str, Any]], years: int) -> Group | str:
    if not due and not drafts:
        return t("purge.nothing", years=_years(years))
    parts: list[Any] = []
    if due:
        table = Table(title=t(plural("purge.title", len(due)), count=len(due), years=_years(years)), title_justify="left")
        table.add_column(t("list.col.ref"), no_wrap=True)
        table.add_column(t("purge.col.closed"), no_wrap=True)
        table.add_column(t("purge.col.due"), no_wrap=True)
        for row in due:
            table.add_row(row["ref"], short_date(row["closed_date"]), short_date(row["purge_on"]))
        parts.append(table)
    if drafts:
        parts.append(t(plural("purge.drafts", len(drafts)), count=len(drafts),
                       dates=", ".join(short_date(d["updated"]) for d in drafts)))
    return Group(*parts)


def _years(years: int) -> str:
    return t(plural("count.years", years), count=years)


def restore_summary(backup: dict[str, Any], current: Any) -> Panel:
    lines = [
        t("restore.summary_file", path=escape(backup["path"])),
        t(plural("restore.summary_content", backup["referrals"]), referrals=backup["referrals"],
          version=backup["schema_version"]),
    ]
    if backup["last_change"]:
        lines.append(t("restore.summary_last", at=moment(backup["last_change"])))
    if backup["encrypted"]:
        lines.append(t("restore.summary_encrypted"))
    if current is not None:
        count = current.value("SELECT count(*) FROM referrals")
        lines.append(t(plural("restore.summary_current", count), path=escape(str(current.path)), referrals=count))
    return Panel("\n".join(lines), title=t("restore.summary_title"), title_align="left")
