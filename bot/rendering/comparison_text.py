"""A comparison (`/vergelijk`) as a Telegram message: across a partnership's runs, or between
the partnerships of a region. Every text from members or flows is escaped by the translator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from bot.i18n import Translator
from flows.ledger import CardHistory, ChoiceChange

__all__ = ["ComparisonView", "comparison_message", "median_text"]


@dataclass(frozen=True)
class ComparisonView:
    flow_title: str
    card_number: int
    card_title: str
    history: CardHistory
    region: bool = False  # columns are partnerships, not runs
    closed_since: tuple[str, ...] = ()  # action points done since the run before the latest

    @property
    def joiner(self) -> str:
        """Between the columns: partnerships side by side, runs one after another."""
        return " · " if self.region else " → "

    @property
    def decided_choices(self) -> list[ChoiceChange]:
        """The choices that had an outcome in at least one column."""
        return [c for c in self.history.choices if any(o is not None for o in c.outcomes)]

    def choice_outcomes(self, choice: ChoiceChange, t: Translator) -> list[str]:
        """A choice's outcome in each column, "no agreement" where there was none."""
        return [o or t.plain("compare.no_agreement") for o in choice.outcomes]


def median_text(value: float | None, t: Translator) -> str:
    if value is None:
        return "–"
    text = f"{value:g}"
    return text.replace(".", ",") if t.language == "nl" else text


def change_text(change: float | None, t: Translator) -> str:
    if change is None:
        return ""
    if change == 0:
        return t.plain("compare.same")
    sign = "+" if change > 0 else "−"
    return f"{sign}{median_text(abs(change), t)}"


def comparison_message(view: ComparisonView, t: Translator) -> str:
    history = view.history
    lines = [
        t(
            "compare.heading",
            flow=view.flow_title,
            card=view.card_number,
            title=view.card_title,
        ),
        t(
            "compare.columns_region" if view.region else "compare.columns",
            columns=view.joiner.join(history.labels),
        ),
    ]
    if len(history.labels) < 2:
        lines.append(t("compare.only_one_region" if view.region else "compare.only_one"))
    if history.rated:
        lines += ["", t("compare.ratings")]
        for trend in history.ratings:
            values = [median_text(m, t) for m in trend.medians]
            if view.region:
                shown = " · ".join(
                    f"{label} {value}" for label, value in zip(history.labels, values, strict=True)
                )
                lines.append(t("compare.rating_region", item=_short(trend.item), values=shown))
            else:
                change = change_text(trend.change, t)
                lines.append(
                    t(
                        "compare.rating",
                        item=_short(trend.item),
                        values=" → ".join(values),
                        change=f" ({change})" if change else "",
                    )
                )
    lines += _themes(view, t)
    choices = view.decided_choices
    if choices:
        lines += ["", t("compare.choices")]
        for choice in choices:
            outcomes = view.choice_outcomes(choice, t)
            if view.region:
                shown = " · ".join(
                    f"{label}: {o}" for label, o in zip(history.labels, outcomes, strict=True)
                )
                lines.append(
                    t("compare.choice_region", question=_short(choice.question), outcomes=shown)
                )
            elif choice.changed:
                lines.append(
                    t(
                        "compare.choice_changed",
                        question=_short(choice.question),
                        before=outcomes[-2],
                        after=outcomes[-1],
                    )
                )
            else:
                lines.append(
                    t("compare.choice_same", question=_short(choice.question), outcome=outcomes[-1])
                )
    if not view.region and len(history.labels) >= 2:
        lines += ["", t("compare.closed_since", count=len(view.closed_since))]
        lines += [t("compare.bullet", text=text) for text in view.closed_since]
    return "\n".join(str(Markup(line)) for line in lines)


def _themes(view: ComparisonView, t: Translator) -> list[str]:
    history = view.history
    if view.region:
        if not any(history.themes_per_column):
            return []
        lines = ["", t("compare.themes")]
        for label, themes in zip(history.labels, history.themes_per_column, strict=True):
            lines.append(t("compare.themes_of", label=label, themes=_joined(themes, t)))
        return lines
    if len(history.labels) < 2:
        return []
    changes = history.themes
    if not (changes.persisted or changes.appeared or changes.vanished):
        return []
    return [
        "",
        t("compare.themes"),
        t("compare.themes_persisted", themes=_joined(changes.persisted, t)),
        t("compare.themes_appeared", themes=_joined(changes.appeared, t)),
        t("compare.themes_vanished", themes=_joined(changes.vanished, t)),
    ]


def _joined(items: Sequence[str], t: Translator) -> str:
    return ", ".join(items) if items else t.plain("compare.none")


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
