"""What a facilitator's command refers to: the question that was shown when it was sent.

Two `/volgende` sent before the bot answered, or one delivered again after a restart, must
move the run once. A command is compared with the posts of the questions that are open now:
sent after the newest of them, it refers to them; sent earlier, it refers to a question the
group has already left (or to one it has not seen yet), and it does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["STALE", "referred_question"]

STALE = ""
"""Refers to no question that is open now: the engine refuses it as `already_moved`."""


def referred_question(
    open_now: Sequence[str], posts: Sequence[tuple[str, int]], command_id: int
) -> str | None:
    """`posts`: (question id, message id) of every question post of the run in this chat,
    posts made elsewhere (before the group became a supergroup) counting as message 0.

    Returns the first open question when the command was sent after every open question was
    shown; otherwise the question of the last post before the command, or `STALE`. None when
    nothing is open (a card of information only): the command is not bound.
    """
    if not open_now:
        return None
    latest: dict[str, int] = {}
    for question_id, message_id in posts:
        latest[question_id] = max(latest.get(question_id, -1), message_id)
    shown = [latest.get(question_id) for question_id in open_now]
    if all(m is not None for m in shown) and command_id > max(shown):
        return open_now[0]
    earlier = [(m, q) for q, m in posts if m < command_id and q not in open_now]
    return max(earlier)[1] if earlier else STALE
