"""An optional short narrative paragraph for an outcome card, by a language model.

Any OpenAI-compatible endpoint will do (`POST {base_url}/chat/completions`). The writer only
ever sees one card's answers, without names, and the card is complete without it: on a timeout,
an error status or an odd reply `write` returns None and the bot posts the card as it is.
Fill the slot with `outcome.with_narrative(text)`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import httpx

from flows.synthesis import OutcomeCard

__all__ = ["NarrativeWriter"]

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 12_000
MAX_TOKENS = 300

SYSTEM_PROMPT = (
    "Je helpt teams van partnerschappen Samen Opleiden hun gesprek samen te vatten. "
    "Schrijf in het Nederlands één korte alinea (hooguit 80 woorden) over wat de groep "
    "gezamenlijk vindt en waar de meningen uiteenlopen. Gebruik alleen wat in de antwoorden "
    "staat, voeg geen adviezen of nieuwe feiten toe en noem geen namen. Geen opsommingstekens, "
    "geen kopjes, geen opmaak."
)


class NarrativeWriter:
    def __init__(
        self, base_url: str, model: str, api_key: str | None = None, timeout: float = 15.0
    ) -> None:
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._api_key = api_key
        self._timeout = timeout

    def __repr__(self) -> str:  # never show the key, not even in a debugger or a log line
        return f"NarrativeWriter(url={self._url!r}, model={self._model!r})"

    async def write(self, outcome: OutcomeCard, answers_text: Sequence[str]) -> str | None:
        """A paragraph about this card's answers, or None when the model cannot give one."""
        answers = [text.strip() for text in answers_text if text.strip()]
        if not answers:
            return None
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        payload = {
            "model": self._model,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": _prompt(outcome, answers)},
            ],
            "temperature": 0.3,
            "max_tokens": MAX_TOKENS,
        }
        try:
            async with asyncio.timeout(self._timeout):
                async with httpx.AsyncClient(timeout=self._timeout) as client:
                    response = await client.post(self._url, json=payload, headers=headers)
                    response.raise_for_status()
                    data = response.json()
            text = data["choices"][0]["message"]["content"]
        except TimeoutError:
            log.warning("narrative for %r: no answer within %.1fs", outcome.title, self._timeout)
            return None
        except httpx.HTTPStatusError as error:
            log.warning(
                "narrative for %r: %s answered %d",
                outcome.title,
                self._url,
                error.response.status_code,
            )
            return None
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
            # An httpx error names the URL at most, never the request headers with the key.
            log.warning(
                "narrative for %r failed: %s: %s", outcome.title, type(error).__name__, error
            )
            return None
        if not isinstance(text, str) or not text.strip():
            log.warning("narrative for %r: empty reply", outcome.title)
            return None
        return text.strip()


def _prompt(outcome: OutcomeCard, answers: list[str]) -> str:
    lines: list[str] = []
    used = 0
    for answer in answers:
        if used + len(answer) > MAX_ANSWER_CHARS:
            break
        lines.append(f"- {answer}")
        used += len(answer)
    return (
        f"Gesprekskaart: {outcome.card_title} ({outcome.flow_title}).\n"
        f"Antwoorden van de deelnemers:\n" + "\n".join(lines)
    )
