"""Dating the milestones: offsets, 09:00 Amsterdam time in UTC, past milestones, the next cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.peer_review import (
    AMSTERDAM,
    Offset,
    load_timeline,
    milestone_date,
    next_cycle_visit,
    plan,
    timeline_status,
)
from flows.peer_review.timeline import on_a_weekday

TIMELINE = load_timeline()
VISIT = date(2026, 6, 9)  # a Tuesday


def planned_by_id(visit: date, today: date | datetime = date(2025, 1, 1)) -> dict:
    return {item.id: item for item in plan(visit, today, TIMELINE)}


def test_each_milestone_falls_on_its_offset_from_the_visit_date():
    days = {key: item.day for key, item in planned_by_id(VISIT).items()}
    assert days == {
        "kritische-reflectie": date(2026, 3, 17),
        "vraagstukken": date(2026, 4, 14),
        "programma": date(2026, 4, 28),
        "stukken-naar-panel": date(2026, 5, 19),
        "bezoek-over-een-week": date(2026, 6, 2),
        "bezoek-morgen": date(2026, 6, 8),
        "bezoek": date(2026, 6, 9),
        "concept-verslag": date(2026, 6, 16),
        "verslag-naar-voorzitter": date(2026, 6, 23),
        # Twelve weeks before Sunday 9 June 2030 is a Sunday: the Friday before.
        "volgende-cyclus": date(2030, 3, 15),
    }


def test_the_next_cycle_starts_twelve_weeks_before_the_visits_fourth_anniversary():
    assert milestone_date(VISIT, Offset(years=4, weeks=-12)) == date(2030, 6, 9) - timedelta(
        weeks=12
    )


def test_the_milestones_come_in_chronological_order():
    planned = plan(VISIT, date(2025, 1, 1), TIMELINE)
    assert [item.due_at for item in planned] == sorted(item.due_at for item in planned)
    assert planned[0].id == "kritische-reflectie"
    assert planned[-1].id == "volgende-cyclus"


def test_a_reminder_in_summer_is_due_at_seven_utc():
    assert planned_by_id(VISIT)["bezoek"].due_at == datetime(2026, 6, 9, 7, 0, tzinfo=UTC)


def test_a_reminder_in_winter_is_due_at_eight_utc():
    planned = planned_by_id(date(2027, 1, 12))
    assert planned["bezoek"].due_at == datetime(2027, 1, 12, 8, 0, tzinfo=UTC)


# Summer time starts on the last Sunday of March, winter time on the last Sunday of October.
# A reminder never falls on that Sunday (it moves to the Friday before), the visit day may.
@pytest.mark.parametrize(
    ("visit", "milestone", "expected"),
    [
        # 2026: summer time from Sunday 29 March
        (date(2026, 3, 30), "bezoek-morgen", datetime(2026, 3, 27, 8, 0, tzinfo=UTC)),
        (date(2026, 3, 30), "bezoek", datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),
        (date(2026, 3, 29), "bezoek", datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
        (date(2026, 6, 21), "kritische-reflectie", datetime(2026, 3, 27, 8, 0, tzinfo=UTC)),
        (date(2026, 6, 22), "kritische-reflectie", datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),
        # 2026: winter time from Sunday 25 October
        (date(2026, 10, 26), "bezoek-morgen", datetime(2026, 10, 23, 7, 0, tzinfo=UTC)),
        (date(2026, 10, 26), "bezoek", datetime(2026, 10, 26, 8, 0, tzinfo=UTC)),
        (date(2026, 10, 25), "bezoek", datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
        (date(2026, 10, 11), "verslag-naar-voorzitter", datetime(2026, 10, 23, 7, 0, tzinfo=UTC)),
        (date(2026, 10, 12), "verslag-naar-voorzitter", datetime(2026, 10, 26, 8, 0, tzinfo=UTC)),
        # 2027: summer time from 28 March, winter time from 31 October
        (date(2027, 3, 29), "bezoek-morgen", datetime(2027, 3, 26, 8, 0, tzinfo=UTC)),
        (date(2027, 3, 29), "bezoek", datetime(2027, 3, 29, 7, 0, tzinfo=UTC)),
        (date(2027, 11, 1), "bezoek-morgen", datetime(2027, 10, 29, 7, 0, tzinfo=UTC)),
        (date(2027, 11, 1), "bezoek", datetime(2027, 11, 1, 8, 0, tzinfo=UTC)),
    ],
)
def test_nine_oclock_in_amsterdam_is_right_on_both_sides_of_the_clock_change(
    visit, milestone, expected
):
    item = planned_by_id(visit)[milestone]
    assert item.due_at == expected
    assert item.due_at.astimezone(AMSTERDAM).time() == time(9, 0)


def test_a_reminder_on_a_saturday_or_sunday_comes_on_the_friday_before():
    planned = planned_by_id(date(2026, 6, 8))  # a Monday: the day before is a Sunday
    assert planned["bezoek-morgen"].day == date(2026, 6, 5)
    assert planned["bezoek-morgen"].due_at == datetime(2026, 6, 5, 7, 0, tzinfo=UTC)
    saturday_visit = planned_by_id(date(2026, 6, 13))
    assert saturday_visit["bezoek"].day == date(2026, 6, 13), "the visit keeps its day"
    assert saturday_visit["concept-verslag"].day == date(2026, 6, 19)  # Sat 20 → Fri 19
    assert saturday_visit["bezoek-morgen"].day == date(2026, 6, 12)  # a Friday already


@pytest.mark.parametrize(
    ("day", "moved"),
    [
        (date(2026, 6, 12), date(2026, 6, 12)),  # Friday
        (date(2026, 6, 13), date(2026, 6, 12)),  # Saturday
        (date(2026, 6, 14), date(2026, 6, 12)),  # Sunday
        (date(2026, 6, 15), date(2026, 6, 15)),  # Monday
    ],
)
def test_only_saturday_and_sunday_move_to_the_friday_before(day, moved):
    assert on_a_weekday(day) == moved


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2060, 12, 31)))
def test_no_reminder_ever_falls_in_a_weekend_and_none_moves_more_than_two_days(visit):
    for item in plan(visit, date(2025, 1, 1), TIMELINE):
        assert item.due_at.astimezone(AMSTERDAM).time() == time(9, 0)
        if item.id == "bezoek":
            assert item.day == visit
            continue
        assert item.day.weekday() < 5, f"{item.id} on {item.day:%A %d-%m-%Y}"
        assert 0 <= (milestone_date(visit, item.milestone.offset) - item.day).days <= 2


def test_another_sending_time_and_time_zone_can_be_chosen():
    planned = plan(VISIT, date(2025, 1, 1), TIMELINE, tz=AMSTERDAM, send_at=time(13, 30))
    visit_day = next(item for item in planned if item.id == "bezoek")
    assert visit_day.due_at == datetime(2026, 6, 9, 11, 30, tzinfo=UTC)


def test_milestones_already_over_when_the_review_is_planned_are_marked_past():
    planned = planned_by_id(VISIT, today=date(2026, 5, 1))
    past = {key for key, item in planned.items() if item.past}
    assert past == {"kritische-reflectie", "vraagstukken", "programma"}


def test_nothing_is_past_when_the_review_is_planned_well_ahead():
    assert not any(item.past for item in plan(VISIT, date(2025, 9, 1), TIMELINE))


def test_a_milestone_due_later_today_is_not_past_when_planned_by_date():
    assert not planned_by_id(VISIT, today=date(2026, 6, 9))["bezoek"].past


def test_a_milestone_of_today_is_past_once_its_nine_oclock_has_gone_by():
    before = datetime(2026, 6, 9, 8, 59, tzinfo=AMSTERDAM)
    after = datetime(2026, 6, 9, 9, 1, tzinfo=AMSTERDAM)
    assert not planned_by_id(VISIT, today=before)["bezoek"].past
    assert planned_by_id(VISIT, today=after)["bezoek"].past


def test_a_planning_moment_without_time_zone_is_read_as_amsterdam_time():
    naive = datetime(2026, 6, 9, 9, 30)
    utc_same_moment = datetime(2026, 6, 9, 7, 30, tzinfo=UTC)
    assert planned_by_id(VISIT, today=naive)["bezoek"].past
    assert planned_by_id(VISIT, today=utc_same_moment)["bezoek"].past
    assert not planned_by_id(VISIT, today=datetime(2026, 6, 9, 6, 30, tzinfo=UTC))["bezoek"].past


def test_the_status_shows_what_is_done_and_what_is_next():
    planned = plan(VISIT, date(2026, 1, 1), TIMELINE)
    status = timeline_status(planned, datetime(2026, 5, 19, 12, 0, tzinfo=AMSTERDAM))
    assert [item.id for item in status.done] == [
        "kritische-reflectie",
        "vraagstukken",
        "programma",
        "stukken-naar-panel",
    ]
    assert status.next.id == "bezoek-over-een-week"
    assert status.later[0].id == "bezoek-morgen"
    assert len(status.done) + 1 + len(status.later) == len(planned)


def test_after_the_last_milestone_nothing_is_next():
    planned = plan(VISIT, date(2026, 1, 1), TIMELINE)
    status = timeline_status(planned, date(2031, 1, 1))
    assert status.next is None
    assert status.later == ()
    assert len(status.done) == len(planned)


def test_the_next_peer_review_is_four_years_on():
    assert next_cycle_visit(VISIT) == date(2030, 6, 9)


def test_a_visit_on_29_february_comes_back_on_29_february_four_years_on():
    assert next_cycle_visit(date(2028, 2, 29)) == date(2032, 2, 29)


def test_a_visit_on_29_february_moves_to_28_february_when_that_year_has_none():
    # 2100 is not a leap year: the one four-year step in this range without 29 February.
    assert next_cycle_visit(date(2096, 2, 29)) == date(2100, 2, 28)
    assert milestone_date(date(2028, 2, 29), Offset(years=1)) == date(2029, 2, 28)


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2040, 12, 31)))
def test_every_reminder_is_due_at_nine_oclock_local_time_in_date_order(visit):
    planned = plan(visit, date(2025, 1, 1), TIMELINE)
    assert len(planned) == len(TIMELINE.milestones)
    for item in planned:
        assert item.due_at.utcoffset() == timedelta(0)
        local = item.due_at.astimezone(AMSTERDAM)
        assert (local.date(), local.time()) == (item.day, time(9, 0))
        assert item.due_at.hour in (7, 8)
    assert [item.due_at for item in planned] == sorted(item.due_at for item in planned)
    assert [item.day for item in planned] == sorted(item.day for item in planned)
