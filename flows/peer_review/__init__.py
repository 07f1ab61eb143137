"""The four-yearly development-oriented peer review: its timeline as data, its dates, its .ics.

timeline = load_timeline()                      # or load_timeline(region_file)
planned = plan(date(2026, 6, 9), today, timeline)
text = fill_text(planned[0].milestone, date(2026, 6, 9), vraagstukken)
ics = timeline_ics(planned, partnership="Samen Opleiden Utrecht", visit=date(2026, 6, 9))
"""

from flows.peer_review.calendar import event_uid, timeline_ics
from flows.peer_review.model import (
    DEFAULT_TIMELINE_PATH,
    PLACEHOLDERS,
    ExportOffer,
    Milestone,
    MilestoneKind,
    Offset,
    Timeline,
    TimelineError,
    load_timeline,
)
from flows.peer_review.timeline import (
    AMSTERDAM,
    NONE_RECORDED,
    PlannedMilestone,
    TimelineStatus,
    dutch_date,
    fill_text,
    milestone_date,
    next_cycle_visit,
    offer_line,
    plan,
    timeline_status,
)

__all__ = [
    "AMSTERDAM",
    "DEFAULT_TIMELINE_PATH",
    "NONE_RECORDED",
    "PLACEHOLDERS",
    "ExportOffer",
    "Milestone",
    "MilestoneKind",
    "Offset",
    "PlannedMilestone",
    "Timeline",
    "TimelineError",
    "TimelineStatus",
    "dutch_date",
    "event_uid",
    "fill_text",
    "load_timeline",
    "milestone_date",
    "next_cycle_visit",
    "offer_line",
    "plan",
    "timeline_ics",
    "timeline_status",
]
