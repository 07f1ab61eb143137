"""The commands samenbot registers with Telegram (setMyCommands), in menu order: their Dutch
names, their English names, and which are for the facilitator.

Both names of a command work in every chat; the chat's language decides which one the bot
shows (in /help, the menu, its texts). The menu description of a command is the catalog text
`command.<dutch name>`.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

__all__ = [
    "COMMANDS",
    "ENGLISH",
    "FACILITATOR_COMMANDS",
    "all_names",
    "closest_command",
    "menu",
    "shown_name",
]

COMMANDS = (
    "gesprek",
    "volgende",
    "overslaan",
    "pauze",
    "hervat",
    "stop",
    "status",
    "kaarten",
    "samenvatting",
    "export",
    "acties",
    "vergelijk",
    "peerreview",
    "herinneringen",
    "koppel",
    "uitnodigen",
    "instellingen",
    "taal",
    "mijngegevens",
    "vergeetmij",
    "help",
)
# The English name of each command whose Dutch name is not English already.
ENGLISH = {
    "gesprek": "conversation",
    "volgende": "next",
    "overslaan": "skip",
    "pauze": "pause",
    "hervat": "resume",
    "kaarten": "cards",
    "samenvatting": "summary",
    "herinneringen": "reminders",
    "koppel": "bind",
    "uitnodigen": "invite",
    "instellingen": "settings",
    "taal": "language",
    "mijngegevens": "mydata",
    "vergeetmij": "forgetme",
    "acties": "actions",
    "vergelijk": "compare",
}
# Only the facilitator (who started the run) and the group's admins may use these; everybody
# else is told so. Admins see them in their menu; members do not.
FACILITATOR_COMMANDS = frozenset(
    {"volgende", "overslaan", "pauze", "hervat", "stop", "koppel", "uitnodigen", "taal"}
)
_OTHER_NAMES = ("start", "hulp")  # answered too, never shown in a menu
# Below this likeness (0-1: one typo, swap or missing letter in four) a word is too far from
# every command to guess what was meant: /report (for another bot) is not /export.
_LIKE_ENOUGH = 0.75


def shown_name(command: str, language: str) -> str:
    """The name the bot shows for a command (given by its Dutch name) in `language`."""
    return ENGLISH.get(command, command) if language == "en" else command


def menu(*, facilitator: bool) -> list[str]:
    """The commands (by Dutch name) of a member's or a facilitator's menu, in menu order."""
    return [c for c in COMMANDS if facilitator or c not in FACILITATOR_COMMANDS]


def all_names() -> tuple[str, ...]:
    """Every name the bot answers to, Dutch first."""
    names = [*COMMANDS, *_OTHER_NAMES, *ENGLISH.values()]
    return tuple(dict.fromkeys(names))


def closest_command(typed: str, language: str) -> str | None:
    """The command a near miss (`volgnde`) was probably meant to be, named in `language`."""
    typed = typed.lower()
    dutch_by_name = {name: name for name in COMMANDS} | {e: d for d, e in ENGLISH.items()}
    found = process.extractOne(
        typed,
        list(dutch_by_name),
        scorer=DamerauLevenshtein.normalized_similarity,
        score_cutoff=_LIKE_ENOUGH,
    )
    if found is None or found[0] == typed:
        return None
    return shown_name(dutch_by_name[found[0]], language)
