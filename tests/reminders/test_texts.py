"""What reminders say: the timeline's words filled in, the offer, the vraagstukken agreed in
peer-review-voorbereiding (escaped), the line saying a reminder is late, and /herinneringen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

from bot.i18n import translator
from bot.reminders import MilestonePayload, agreed_vraagstukken, late_line, milestone_message
from bot.reminders.texts import day_text, upcoming_line, vraagstukken_card
from bot.sandbox import validate_telegram_html
from flows.engine import playable_cards
from flows.peer_review import AMSTERDAM, load_timeline
from flows.schema import OutcomeSection, Scope
from flows.synthesis import MergedAnswer, OutcomeCard, QuestionList
from storage import Reminder

TIMELINE = load_timeline()
NL = translator("nl")
VISIT = date(2027, 3, 1)


def payload(milestone_id: str, day: date = date(2027, 2, 22)) -> MilestonePayload:
    title = TIMELINE.milestone(milestone_id).title if TIMELINE.milestone(milestone_id) else "Oud"
    return MilestonePayload(milestone_id, title, VISIT, day)


def test_a_week_before_the_visit_the_reminder_lists_the_agreed_vraagstukken_escaped():
    text = milestone_message(
        payload("bezoek-over-een-week"),
        TIMELINE,
        ["Hoe betrekken we <b>alle</b> scholen?", "Werkplekleren & inductie"],
        NL,
    )
    validate_telegram_html(text)
    assert "<b>Peer review · Nog een week tot de peer review</b>" in text
    assert "Volgende week, op maandag 1 maart 2027, is de peer review." in text
    assert "• Hoe betrekken we &lt;b&gt;alle&lt;/b&gt; scholen?" in text
    assert "• Werkplekleren &amp; inductie" in text


def test_without_agreed_vraagstukken_the_reminder_says_how_to_agree_them():
    text = milestone_message(payload("bezoek-morgen"), TIMELINE, [], NL)
    assert "Nog geen vraagstukken vastgelegd" in text
    assert "/gesprek peer-review-voorbereiding" in text


def test_the_reminder_offers_the_flow_to_start_and_the_export_to_send():
    flow = milestone_message(payload("vraagstukken"), TIMELINE, [], NL)
    assert "👉 Start het gesprek met /gesprek peer-review-voorbereiding." in flow
    export = milestone_message(payload("stukken-naar-panel"), TIMELINE, [], NL)
    # "de kritische reflectie en het programma": one document of both, not the latest run.
    assert "Maak ze samen als één document met /export peerreview" in export
    assert "de kritische reflectie (het gesprek kwaliteitskader)" in export
    assert "/export docx" not in export


def test_every_conversation_a_reminder_offers_can_be_started_by_whichever_group_planned(catalog):
    # A partnership group and a region group can both plan a review, so every offered flow
    # must be one both kinds of group can start.
    offered = {m.offers_flow for m in TIMELINE.milestones if m.offers_flow}
    assert offered == {"kwaliteitskader", "peer-review-voorbereiding", "peer-review-afronding"}
    for flow_id in offered:
        flow = catalog.get(flow_id)
        assert playable_cards(flow, Scope.PARTNERSHIP), flow_id
        assert playable_cards(flow, Scope.REGION), flow_id


def test_a_late_reminder_says_so_below_its_heading():
    late = late_line(
        datetime(2026, 6, 1, 7, 0, tzinfo=UTC), datetime(2026, 6, 3, 10, tzinfo=UTC), AMSTERDAM, NL
    )
    assert late == "⏰ <i>(verlaat: deze herinnering was voor maandag 1 juni)</i>"
    text = milestone_message(payload("programma"), TIMELINE, [], NL, late=late)
    heading, second, *_ = text.split("\n\n")
    assert "Het programma van de peer review" in heading
    assert second == late


def test_late_the_same_day_and_late_from_another_year():
    due = datetime(2026, 12, 28, 8, 0, tzinfo=UTC)
    same_day = late_line(due, datetime(2026, 12, 28, 13, tzinfo=UTC), AMSTERDAM, NL)
    assert "was voor vandaag 09:00" in same_day
    next_year = late_line(due, datetime(2027, 1, 2, 9, tzinfo=UTC), AMSTERDAM, NL)
    assert "was voor maandag 28 december 2026" in next_year
    english = late_line(due, datetime(2027, 1, 2, 9, tzinfo=UTC), AMSTERDAM, translator("en"))
    assert "late: this reminder was for Monday 28 December 2026" in english


def test_a_milestone_no_longer_in_the_timeline_still_says_its_title_and_the_visit():
    text = milestone_message(payload("verdwenen"), TIMELINE, [], NL)
    assert "Peer review · Oud" in text
    assert "De peer review is op maandag 1 maart 2027." in text


def test_day_text_leaves_out_this_year():
    assert day_text(date(2026, 6, 1), "nl") == "maandag 1 juni 2026"
    assert day_text(date(2026, 6, 1), "nl", today=date(2026, 1, 1)) == "maandag 1 juni"
    assert day_text(date(2026, 6, 1), "en") == "Monday 1 June 2026"


def test_an_upcoming_reminder_is_one_line_with_local_date_and_time():
    row = Reminder(
        kind="milestone",
        key="programma",
        due_at=datetime(2027, 1, 18, 8, 0, tzinfo=UTC),
        payload=payload("programma", date(2027, 1, 18)).to_dict(),
    )
    line = upcoming_line(row, AMSTERDAM, NL)
    assert (
        line == "📅 maandag 18 januari 2027, 09:00 · Peer review: Het programma van de peer review"
    )


def test_the_vraagstukken_card_is_found_in_the_flow(catalog):
    assert vraagstukken_card(catalog) == 2


async def store_vraagstukken(uow_factory, chat, items: list[str]) -> None:
    """What playing peer-review-voorbereiding card 2 leaves behind: its outcome card."""
    outcome = OutcomeCard(
        flow_id="peer-review-voorbereiding",
        flow_title="Ontwikkelingsgerichte peer review: de voorbereidende fase",
        card_number=2,
        card_title="Vraagstukken",
        title="Kaartje 2. Vraagstukken: Uitkomsten",
        sections=(OutcomeSection.LISTS,),
        lists=(
            QuestionList(
                question_id="vraagstukken",
                question="Over welke vraagstukken?",
                respondents=2,
                general=tuple(MergedAnswer(item, 1, ("Bram",)) for item in items),
            ),
        ),
    )
    async with uow_factory() as uow:
        run = await uow.runs.start(
            chat_id=chat.chat_id,
            thread_id=None,
            flow_id="peer-review-voorbereiding",
            flow_version=1,
            flow_hash="sha256:test",
            scope="partnership",
            partnership_id=chat.partnership_id,
            region_id=chat.region_id,
            mode="live",
            pace_days=None,
            started_by_member_id=None,
            state={},
        )
        await uow.outcomes.save(
            run.id,
            chat.chat_id,
            chat.partnership_id,
            chat.region_id,
            "peer-review-voorbereiding",
            2,
            outcome.title,
            outcome.to_dict(),
            "…",
        )
        await uow.commit()


async def test_the_agreed_vraagstukken_are_read_from_the_latest_outcome_card(
    uow_factory, bound_chat, catalog
):
    chat = await bound_chat()
    async with uow_factory() as uow:
        assert await agreed_vraagstukken(uow, catalog, chat.partnership_id, None) == []
    await store_vraagstukken(
        uow_factory, chat, ["Hoe houden we de inductie vast?", "Werkplekleren in het vmbo"]
    )

    async with uow_factory() as uow:
        own = await agreed_vraagstukken(uow, catalog, chat.partnership_id, None)
        regional = await agreed_vraagstukken(uow, catalog, None, chat.region_id)
    assert own == ["Hoe houden we de inductie vast?", "Werkplekleren in het vmbo"]
    assert regional == own


async def test_the_reminder_names_the_vraagstukken_agreed_after_the_planning(
    uow_factory, bound_chat, plan_review, make_dispatcher, sender
):
    chat = await bound_chat()
    await plan_review(chat, VISIT, datetime(2026, 11, 23, 10, tzinfo=UTC))
    await store_vraagstukken(uow_factory, chat, ["Inductie van <starters>"])

    await make_dispatcher().run_due(datetime(2027, 1, 20, 12, tzinfo=UTC))
    assert await make_dispatcher().run_due(datetime(2027, 2, 22, 8, 0, tzinfo=UTC)) == 2
    week_before = sender.texts()[-1]
    assert "Nog een week tot de peer review" in week_before
    assert "• Inductie van &lt;starters&gt;" in week_before


async def test_a_region_that_agreed_its_own_vraagstukken_is_reminded_of_them(uow_factory, catalog):
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-2001, "Regio Oost")
        region = await uow.chats.bind_to_region(chat, "Onderwijsregio Oost")
        await uow.commit()
        chat_id, region_id = chat.id, region.id
    region_chat = SimpleNamespace(chat_id=chat_id, partnership_id=None, region_id=region_id)
    await store_vraagstukken(uow_factory, region_chat, ["Eén regionale inductieaanpak"])

    async with uow_factory() as uow:
        assert await agreed_vraagstukken(uow, catalog, None, region_id) == [
            "Eén regionale inductieaanpak"
        ]
