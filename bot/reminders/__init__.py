"""Reminders that survive restarts: peer-review milestones and async-mode deadlines and nudges.

`planning` turns a planned peer review into stored reminder rows, `texts` says what a reminder
says, and `dispatcher` sends every due reminder once, from any number of bot instances.
"""

from bot.reminders.dispatcher import DispatchPolicy, ReminderDispatcher
from bot.reminders.planning import MILESTONE, MilestonePayload, schedule_milestones
from bot.reminders.texts import agreed_vraagstukken, late_line, milestone_message, upcoming_line

__all__ = [
    "MILESTONE",
    "DispatchPolicy",
    "MilestonePayload",
    "ReminderDispatcher",
    "agreed_vraagstukken",
    "late_line",
    "milestone_message",
    "schedule_milestones",
    "upcoming_line",
]
