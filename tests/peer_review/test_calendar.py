"""The .ics export: one all-day event per milestone, with UIDs that survive a re-export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from flows.peer_review import (
    Timeline,
    event_uid,
    load_timeline,
    plan,
    timeline_ics,
)

TIMELINE = load_timeline()
VISIT = date(2026, 6, 9)
PARTNERSHIP = "Samen Opleiden Utrecht"
STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def export(timeline: Timeline = TIMELINE, **options) -> Calendar:
    planned = plan(VISIT, date(2026, 1, 1), timeline)
    options = {"partnership": PARTNERSHIP, "visit": VISIT, "stamp": STAMP, **options}
    return Calendar.from_ical(timeline_ics(planned, **options))


def test_the_calendar_file_parses_back_as_a_version_2_calendar_from_samenbot():
    calendar = export()
    assert calendar["VERSION"] == "2.0"
    assert "samenbot" in calendar["PRODID"]


def test_there_is_one_event_per_milestone_including_the_visit_day():
    events = export().events
    assert len(events) == len(TIMELINE.milestones)
    days = [event.start for event in events]
    assert VISIT in days
    assert days == sorted(days)


def test_every_event_is_an_all_day_event_on_its_milestone_date():
    planned = plan(VISIT, date(2026, 1, 1), TIMELINE)
    by_uid = {event_uid(PARTNERSHIP, VISIT, item.id): item for item in planned}
    for event in export().events:
        item = by_uid[str(event["UID"])]
        assert type(event.start) is date
        assert (event.start, event.end) == (item.day, item.day + timedelta(days=1))


def test_the_events_have_dutch_titles_and_the_reminder_as_description():
    events = {
        event.start: event for event in export(vraagstukken=["Hoe borgen we inductie?"]).events
    }
    day_before = events[VISIT - timedelta(days=1)]
    assert day_before["SUMMARY"] == "Peer review · Morgen is de peer review"
    assert "• Hoe borgen we inductie?" in day_before["DESCRIPTION"]
    assert events[VISIT]["SUMMARY"] == f"Peer review {PARTNERSHIP}"
    start = events[date(2026, 3, 17)]["DESCRIPTION"]
    assert start.startswith("Over twaalf weken, op dinsdag 9 juni 2026")
    assert start.endswith("Start het gesprek met /gesprek kwaliteitskader.")


def test_the_visit_day_blocks_the_agenda_and_reminder_days_do_not():
    transparency = {event.start: str(event["TRANSP"]) for event in export().events}
    assert transparency.pop(VISIT) == "OPAQUE"
    assert set(transparency.values()) == {"TRANSPARENT"}


def test_exporting_again_gives_the_same_uids_so_agendas_update_instead_of_duplicating():
    first = [str(event["UID"]) for event in export().events]
    again = [str(event["UID"]) for event in export(stamp=datetime.now(UTC)).events]
    assert first == again
    assert len(set(first)) == len(first)


def test_the_same_export_twice_is_byte_for_byte_identical():
    planned = plan(VISIT, date(2026, 1, 1), TIMELINE)
    options = {"partnership": PARTNERSHIP, "visit": VISIT, "stamp": STAMP}
    assert timeline_ics(planned, **options) == timeline_ics(planned, **options)


def test_another_partnership_or_visit_date_gets_its_own_uids():
    ours = {str(event["UID"]) for event in export().events}
    theirs = {str(event["UID"]) for event in export(partnership="Partnerschap Noord").events}
    planned_later = plan(date(2026, 9, 8), date(2026, 1, 1), TIMELINE)
    later = Calendar.from_ical(
        timeline_ics(planned_later, partnership=PARTNERSHIP, visit=date(2026, 9, 8))
    )
    assert ours.isdisjoint(theirs)
    assert ours.isdisjoint(str(event["UID"]) for event in later.events)


def test_a_regions_timeline_without_a_visit_milestone_still_shows_the_visit_day():
    own = Timeline.model_validate(
        {
            "milestones": [
                {"id": "start", "offset": {"weeks": -10}, "title": "Begin", "reminder": "Begin"}
            ]
        }
    )
    events = export(own).events
    assert [event.start for event in events] == [VISIT - timedelta(weeks=10), VISIT]
    assert events[1]["SUMMARY"] == f"Peer review {PARTNERSHIP}"
    assert "dinsdag 9 juni 2026" in events[1]["DESCRIPTION"]
