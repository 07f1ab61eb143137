"""An outcome card as Telegram messages (HTML parse mode).

The wording is in `bot/templates/outcome/card.tg.html.j2`; a flow may name its own template
per card (`outcome.template`), looked up as `outcome/<name>.tg.html.j2`, `<name>.tg.html.j2`,
`<name>.html.j2` or `<name>` among the environment's templates. Whatever the template, the
context is the same (`outcome`), and the result is split into messages of at most 4096
characters at paragraph boundaries.
"""

from __future__ import annotations

import re
from functools import cache

import jinja2

from bot.rendering.splitting import TELEGRAM_LIMIT, split_html
from bot.templating import create_environment
from flows.synthesis import OutcomeCard

__all__ = ["OUTCOME_TEMPLATE", "default_environment", "render_outcome_telegram"]

OUTCOME_TEMPLATE = "outcome/card.tg.html.j2"


@cache
def default_environment() -> jinja2.Environment:
    """The built-in templates only; the bot passes its own environment (with FLOWS_PATH)."""
    return create_environment()


def render_outcome_telegram(
    outcome: OutcomeCard,
    *,
    template: str | None = None,
    env: jinja2.Environment | None = None,
    limit: int = TELEGRAM_LIMIT,
    language: str = "nl",
) -> list[str]:
    """The card as Telegram messages, its fixed words in `language` (nl or en)."""
    env = env or default_environment()
    names = [OUTCOME_TEMPLATE]
    if template:
        names = [f"outcome/{template}.tg.html.j2", f"{template}.tg.html.j2"]
        names += [f"{template}.html.j2", template]
    text = env.select_template(names).render(outcome=outcome, phrases=phrases_for(language))
    return split_html(tidy(text), limit)


def phrases_for(language: str) -> str:
    """The template holding an outcome card's fixed words in `language`."""
    return "outcome/_phrases.en.txt.j2" if language == "en" else "outcome/_phrases.txt.j2"


def tidy(text: str) -> str:
    """At most one blank line in a row, no trailing spaces: templates may be generous."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
