"""How ledger items read in a chat: /acties, the reminders, the context of a later card.

Every text a member wrote is escaped by the translator (its parameters are escaped when
filled in); lines are joined as `Markup`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup

from bot.i18n import Translator
from flows.peer_review import dutch_date
from storage import ActionItem, ActionStatus, Member

__all__ = [
    "STATUS_ICONS",
    "due_message",
    "item_line",
    "listing",
    "overdue_message",
    "short_date",
]

STATUS_ICONS = {
    ActionStatus.OPEN: "◻️",
    ActionStatus.BEZIG: "⏳",
    ActionStatus.KLAAR: "✅",
    ActionStatus.VERVALLEN: "✖️",
}


def short_date(day: date, t: Translator) -> str:
    if t.language == "nl":
        return dutch_date(day)
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def item_line(
    number: int,
    item: ActionItem,
    proposers: Sequence[str],
    t: Translator,
    *,
    with_owner: bool = False,
    owner: Member | None = None,
) -> str:
    """'3. ◻️ Studiedag plannen · vóór 1 april 2027 (voorgesteld door Anna, Bram)'."""
    parts = [
        t(
            "actions.line",
            number=number,
            icon=STATUS_ICONS[ActionStatus(item.status)],
            text=item.text,
        )
    ]
    if with_owner:
        name = owner.first_name if owner is not None else t.plain("actions.nobody")
        parts.append(t("actions.owner", name=name))
    if item.due_date is not None:
        parts.append(t("actions.due", date=short_date(item.due_date, t)))
    if item.status != ActionStatus.OPEN:
        parts.append(t(f"actions.status.{item.status}"))
    line = Markup(" · ").join(Markup(part) for part in parts)
    if proposers:
        line += Markup(" ") + Markup(t("actions.proposed_by", names=", ".join(proposers)))
    return str(line)


def listing(
    items: Sequence[ActionItem],
    owners: Mapping[int, Member | None],
    proposers: Mapping[int, Sequence[str]],
    t: Translator,
    *,
    everything: bool,
) -> tuple[str, list[tuple[int, ActionItem]]]:
    """The /acties message grouped by owner, and the items in the order they are numbered."""
    heading = t("actions.heading_all" if everything else "actions.heading")
    groups: dict[str, list[ActionItem]] = {}
    for item in items:
        owner = owners.get(item.id)
        name = owner.first_name if owner is not None else t.plain("actions.nobody")
        groups.setdefault(name, []).append(item)
    lines: list[str] = [heading]
    numbered: list[tuple[int, ActionItem]] = []
    for name in sorted(groups, key=lambda n: (n == t.plain("actions.nobody"), n.casefold())):
        lines.append("")
        lines.append(t("actions.group", name=name))
        for item in sorted(groups[name], key=_order):
            number = len(numbered) + 1
            numbered.append((number, item))
            lines.append(item_line(number, item, proposers.get(item.id, ()), t))
    lines += ["", t("actions.footer_all" if not everything else "actions.footer")]
    return "\n".join(lines), numbered


def _order(item: ActionItem):
    closed = item.status in (ActionStatus.KLAAR, ActionStatus.VERVALLEN)
    return (closed, item.due_date or date.max, item.id)


def due_message(item: ActionItem, owner: Member | None, t: Translator) -> str:
    mention = (
        Markup('<a href="tg://user?id={}">{}</a>').format(owner.telegram_user_id, owner.first_name)
        if owner is not None
        else Markup(t.plain("actions.nobody"))
    )
    return t(
        "actions.reminder.due", owner=mention, text=item.text, date=short_date(item.due_date, t)
    )


def overdue_message(
    items: Sequence[ActionItem], owners: Mapping[int, Member | None], today: date, t: Translator
) -> str:
    lines = [t("actions.reminder.overdue", count=len(items))]
    for number, item in enumerate(items, start=1):
        owner = owners.get(item.id)
        lines.append(item_line(number, item, (), t, with_owner=True, owner=owner))
    lines += ["", t("actions.reminder.overdue_footer")]
    return "\n".join(lines)
