"""`python -m bench.synthesis` — what an outcome card costs, as one JSON line.

Measures, each the median of a few bounded rounds in this process:
- `synthesis_ms`: the outcome card of 50 members × 10 answers (500 answers, ~350 different
  wordings: kwaliteitskader card 2, a rating, evidence and next steps in a busy group);
- `from_dict_ms`: turning one stored card (its JSON) back into an `OutcomeCard`;
- `chart_ms`, `docx_ms`: the rating chart and a Word export of that card;
- `heavy_modules_after_import`: heavy libraries `import bot.app` loaded (should be none).

Numbers are for reading, not asserting. Nothing here talks to the network.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

ROUNDS = 5
MEMBERS = 50
ANSWERS_EACH = 10
_HEAVY = ("matplotlib", "docx", "yake", "numpy", "networkx", "simplemma")

_SUBJECTS = (
    "de visie op opleiden",
    "het inductieprogramma",
    "de begeleiding van startende leraren",
    "de training voor werkplekbegeleiders",
    "het praktijkgericht onderzoek",
    "de beoordeling van studenten",
    "het opleidingsteam",
    "de kalibratiesessies",
    "de intervisie van schoolopleiders",
    "het werkplekleren",
)
_BECAUSE = (
    "omdat de uren ontbreken",
    "want het team wisselt vaak",
    "en daar zijn we trots op",
    "maar de schoolleiding stuurt er weinig op",
    "dankzij de nieuwe coördinator",
    "zoals het panel ook opmerkte",
    "en dat willen we vasthouden",
)
_SAYINGS = (
    "Bij ons is {s} zichtbaar in de jaarplanning",
    "{s} staat op papier maar leeft nog niet in het team",
    "We zien {s} terug in de evaluatie met studenten",
    "Voor {s} ontbreken nog uren en een vaste eigenaar",
    "Afspraak: {s} komt twee keer per jaar in het directieoverleg",
)


def _card():
    from flows.catalog import load_catalog
    from flows.responses import Answer, Member, Responses, Vote

    flow = load_catalog().get("kwaliteitskader")
    card = flow.card(2)
    written = [q for q in card.questions if q.type.value in ("open", "list")]
    rating = next(q for q in card.questions if q.type.value == "rating")
    answers, votes = [], []
    for index in range(MEMBERS):
        member = Member(index + 1, f"Lid{index + 1}")
        for k in range(ANSWERS_EACH):
            saying = _SAYINGS[(index + k) % len(_SAYINGS)]
            subject = _SUBJECTS[(index * 3 + k) % len(_SUBJECTS)]
            because = _BECAUSE[(index // 5 + k * 3) % len(_BECAUSE)]
            text = f"{saying.format(s=subject)}, {because}"
            text = text[0].upper() + text[1:]
            question = written[k % len(written)]
            answers.append(Answer(card.number, question.id, member, text, key=index * 100 + k))
        for item in rating.rating_items:
            value = 1 + (index + len(item.id)) % len(rating.scale)
            item_id = item.id if rating.items else ""
            votes.append(Vote(card.number, rating.id, member, value, item_id))
    return flow, card, Responses.of(answers, votes)


def _median_ms(run: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def _heavy_modules_after_import() -> list[str]:
    code = f"import sys, bot.app; print(','.join(m for m in {_HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    return [name for name in result.stdout.strip().split(",") if name]


def main() -> None:
    from bot.rendering import rating_chart_png, render_run_docx
    from flows.synthesis import OutcomeCard, RunReport, synthesize, words

    flow, card, responses = _card()
    synthesize(flow, card, responses)  # warm the per-word caches, as a running bot has them

    def cold_synthesis() -> None:
        # Per-text caches start empty: a card's answers are new to the bot.
        words.written_words.cache_clear()
        words._content_stems.cache_clear()
        synthesize(flow, card, responses)

    synthesis_ms = _median_ms(cold_synthesis)
    outcome = synthesize(flow, card, responses)
    stored = json.loads(json.dumps(outcome.to_dict()))
    per_card = _median_ms(lambda: [OutcomeCard.from_dict(stored) for _ in range(100)]) / 100
    rating_chart_png(outcome)
    chart_ms = _median_ms(lambda: rating_chart_png(outcome), rounds=3)
    now = datetime.now(UTC)
    report = RunReport(flow.title, "Partnerschap Bench", "Bench", now, now, (), (outcome,))
    render_run_docx(report)
    docx_ms = _median_ms(lambda: render_run_docx(report), rounds=3)
    print(
        json.dumps(
            {
                "answers": len(responses.answers),
                "synthesis_ms": synthesis_ms,
                "from_dict_ms": round(per_card, 4),
                "chart_ms": chart_ms,
                "docx_ms": docx_ms,
                "heavy_modules_after_import": _heavy_modules_after_import(),
            }
        )
    )


if __name__ == "__main__":
    main()
