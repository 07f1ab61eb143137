"""How a card and its questions look in the group: Telegram HTML text and buttons.

Button questions carry their tally in the message itself, so the group sees the vote grow;
the callback data names only an option or item index, the question is found through the
message the button sits on.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo
from statistics import median

from babel.dates import format_datetime
from markupsafe import Markup, escape
from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from flows.peer_review import AMSTERDAM
from flows.piping import fill
from flows.responses import Responses
from flows.schema import Card, Flow, Question, QuestionType

__all__ = [
    "NAV_NEXT",
    "NAV_SKIP",
    "card_text",
    "closing_time",
    "info_text",
    "piped_answer",
    "question_markup",
    "question_text",
]

NAV_NEXT = "nav:next"
NAV_SKIP = "nav:skip"


def card_text(
    flow: Flow,
    card: Card,
    t: Translator,
    closes_at: datetime | None = None,
    tz: tzinfo = AMSTERDAM,
) -> str:
    """The card's heading and intro; in tempo mode (`closes_at`: the run's deadline for this
    card) also when it closes, so nobody has to ask."""
    key = "card.heading" if card.numbered else "card.heading_unnumbered"
    parts = [t(key, number=card.number, title=card.title, flow=flow.title)]
    if card.intro:
        parts.append(str(escape(card.intro.strip())))
    if closes_at is not None:
        parts.append(t("card.closes", deadline=closing_time(closes_at, tz, t)))
    return "\n\n".join(parts)


def closing_time(moment: datetime, tz: tzinfo, t: Translator) -> str:
    """E.g. "maandag 30 november om 09:00", in the chat's language and the bot's time zone."""
    return format_datetime(moment.astimezone(tz), t.plain("time.closing"), locale=t.language)


def info_text(card: Card, question: Question, flow: Flow, responses: Responses) -> str:
    return str(escape(fill(question.text, lambda qid: piped_answer(flow, qid, responses))))


def question_text(
    flow: Flow,
    card: Card,
    question: Question,
    position: int,
    total: int,
    responses: Responses,
    t: Translator,
    *,
    closed: bool = False,
    received: bool = False,
) -> str:
    """A question as posted; `closed`: as it stays once the run has left it — the final
    tally (per option: its buttons are gone) and no invitation to answer; `received`: with
    how many answers came in (shown instead of a 👍 under each while Telegram holds 👍s
    back)."""
    body = fill(question.text, lambda qid: piped_answer(flow, qid, responses))
    parts = [
        t(
            "question.progress" if card.numbered else "question.progress_unnumbered",
            card=card.number,
            title=card.title,
            position=position,
            total=total,
        ),
        str(Markup("<b>{}</b>").format(body)),
    ]
    if question.help:
        parts.append(str(Markup("<i>{}</i>").format(question.help)))
    if closed:
        if question.votes and question.type is not QuestionType.RATING:
            counts = responses.option_counts(question.id)
            parts.append(
                "\n".join(
                    t("tally.option", label=o.label, count=counts.get(o.id, 0))
                    for o in question.options
                )
            )
        if question.votes:
            parts.append(_tally_text(question, responses, t, final=True))
        parts.append(t("question.closed"))
    else:
        parts.append(_how_to_answer(question, t))
        if question.votes:
            parts.append(_tally_text(question, responses, t))
        if received:
            parts.append(t("question.received", count=len(responses.answers_to(question.id))))
    if question.anonymous:
        parts.append(t("question.anonymous"))
    return "\n\n".join(part for part in parts if part)


def _how_to_answer(question: Question, t: Translator) -> str:
    match question.type:
        case QuestionType.OPEN:
            return t("question.how.open")
        case QuestionType.LIST:
            return t(
                "question.how.list_specific" if question.mark_specific else "question.how.list"
            )
        case QuestionType.CHOICE:
            return t("question.how.choice")
        case QuestionType.MULTI:
            return t("question.how.multi")
        case QuestionType.RATING:
            scale = " · ".join(f"{point.value} {point.label}" for point in question.scale)
            return t("question.how.rating", scale=scale)
    return ""


def _tally_text(
    question: Question, responses: Responses, t: Translator, *, final: bool = False
) -> str:
    voters_key = "tally.voters_final" if final else "tally.voters"
    if question.type is QuestionType.RATING:
        lines = []
        for index, item in enumerate(question.rating_items, start=1):
            values = [v.value for v in responses.votes_on(question.id, item.id)]
            counts = Counter(v for v in values if isinstance(v, int))
            spread = " · ".join(f"{p.value}: {counts.get(p.value, 0)}" for p in question.scale)
            middle = t("tally.median", median=_format_median(values)) if values else ""
            label = "" if not question.items else f"{index}. {item.text}\n"
            lines.append(str(Markup("{}{} {}").format(label, spread, Markup(middle))).strip())
        voters = len({v.member for v in responses.votes_on(question.id)})
        lines.append(t(voters_key, count=voters))
        return "\n".join(lines)
    voters = len({v.member for v in responses.votes_on(question.id, "") if v.value})
    return t(voters_key, count=voters)


def _format_median(values: list) -> str:
    numbers = [v for v in values if isinstance(v, int)]
    result = median(numbers)
    return f"{result:g}".replace(".", ",")


def question_markup(
    question: Question, responses: Responses, t: Translator
) -> InlineKeyboardMarkup | ForceReply:
    if not question.votes:
        return ForceReply(selective=False, input_field_placeholder=t.plain("question.placeholder"))
    rows: list[list[InlineKeyboardButton]] = []
    if question.type is QuestionType.RATING:
        for index in range(len(question.rating_items)):
            scale_buttons = [
                InlineKeyboardButton(str(point.value), callback_data=f"r:{index}:{point.value}")
                for point in question.scale
            ]
            if question.items:
                label = InlineKeyboardButton(f"{index + 1}.", callback_data=f"i:{index}")
                scale_buttons.insert(0, label)
            rows.append(scale_buttons)
    else:
        counts = responses.option_counts(question.id)
        for index, option in enumerate(question.options):
            count = counts.get(option.id, 0)
            label = f"{option.label} · {count}" if count else option.label
            rows.append([InlineKeyboardButton(label, callback_data=f"v:{index}")])
    rows.append(
        [
            InlineKeyboardButton(t.plain("button.skip"), callback_data=NAV_SKIP),
            InlineKeyboardButton(t.plain("button.next"), callback_data=NAV_NEXT),
        ]
    )
    return InlineKeyboardMarkup(rows)


def piped_answer(flow: Flow, question_id: str, responses: Responses) -> str:
    """What the group said to an earlier question, short enough to quote in a question."""
    question = flow.question(question_id)
    if question is None:
        return "…"
    if question.type in (QuestionType.CHOICE, QuestionType.MULTI):
        counts = responses.option_counts(question_id)
        if question.type is QuestionType.CHOICE:
            leading = responses.leading_option(question_id)
            chosen = [leading] if leading else []
        else:
            chosen = [option_id for option_id, _ in counts.most_common()]
        labels = [question.option(option_id).label for option_id in chosen]
        return " / ".join(labels) if labels else "…"
    texts = [answer.text.replace("\n", "; ") for answer in responses.answers_to(question_id)]
    joined = "; ".join(texts)
    return joined if len(joined) <= 300 else joined[:299] + "…"
