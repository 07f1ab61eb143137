"""A whole run as a Word document — what these teams share with each other and the panel.

python-docx builds it; the Dutch words come from `outcome/_phrases.txt.j2` like every other
format, so a Word export says exactly what the Telegram card says. Per card: a heading, the
sections in the card's order, tables for tallies and ratings, answers as bullets and, for a
card with ratings, the chart.
"""

from __future__ import annotations

import io
import re
from typing import Any

import jinja2
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Inches, Pt
from docx.table import Table

from bot.rendering.charts import rating_chart_png
from bot.rendering.telegram_html import default_environment
from bot.templating import number_nl
from flows.synthesis import (
    ChoiceTally,
    Comparison,
    MergedAnswer,
    OutcomeCard,
    RatingProfile,
    RunReport,
)

__all__ = ["render_run_docx"]

# Characters XML 1.0 cannot hold; a stray one in a member's text must not break the export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_run_docx(report: RunReport, env: jinja2.Environment | None = None) -> bytes:
    say = (env or default_environment()).get_template("outcome/_phrases.txt.j2").module
    document = Document()
    document.core_properties.title = _clean(report.flow_title)
    document.core_properties.subject = _clean(report.partnership_or_region)
    document.add_heading(_clean(report.flow_title), level=0)
    document.add_paragraph(_clean(f"{report.partnership_or_region} · {report.chat_title}"))
    dates = say.report_dates(report.started, report.finished)
    document.add_paragraph(_clean(f"{dates} · {say.report_cards(len(report.outcomes))}"))
    if report.participants:
        paragraph = document.add_paragraph()
        paragraph.add_run(_clean(f"{say.report_participants()}: ")).bold = True
        paragraph.add_run(_clean(", ".join(report.participants)))
    for outcome in report.outcomes:
        _card(document, outcome, say)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _card(document: DocxDocument, outcome: OutcomeCard, say: Any) -> None:
    document.add_heading(_clean(outcome.title), level=1)
    total = len(outcome.participants)
    if total:
        _note(document, f"{say.participants(total)}: {', '.join(outcome.participants)}")
    if outcome.is_empty:
        document.add_paragraph(_clean(say.no_answers()))
    for section in outcome.display_sections:
        if section == "answers":
            for question in outcome.answers:
                document.add_heading(_clean(question.question), level=2)
                _note(document, say.respondents(question.respondents, total))
                _bullets(document, question.answers)
        elif section == "choices":
            for choice in outcome.choices:
                _choice(document, choice, total, say)
        elif section == "ratings" and outcome.ratings:
            for rating in outcome.ratings:
                _rating(document, rating, total, say)
            png = rating_chart_png(outcome)
            if png:
                document.add_picture(io.BytesIO(png), width=Inches(6.3))
        elif section == "lists":
            for question in outcome.lists:
                document.add_heading(_clean(question.question), level=2)
                _note(document, say.respondents(question.respondents, total))
                if question.specific:
                    _label(document, say.general())
                _bullets(document, question.general)
                if question.specific:
                    _label(document, say.specific())
                    _bullets(document, question.specific)
        elif section == "actions":
            for actions in outcome.actions:
                document.add_heading(
                    _clean(f"{say.action_kind(actions.kind)}: {actions.question}"), level=2
                )
                _bullets(document, actions.items, prefix=f"{say.proposed_by()} ")
        elif section == "themes" and outcome.themes:
            document.add_heading(_clean(say.section("themes")), level=2)
            for theme in outcome.themes:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(_clean(theme.phrase)).bold = theme.gedeeld
                who = ", ".join(theme.names)
                if theme.gedeeld:
                    who = f"{say.gedeeld(theme.members)}{': ' + who if who else ''}"
                if who:
                    paragraph.add_run(_clean(f" ({who})")).italic = True
        elif section == "comparison" and outcome.comparison is not None:
            _comparison(document, outcome.comparison, say)
        elif section == "narrative" and outcome.narrative:
            document.add_heading(_clean(say.section("narrative")), level=2)
            document.add_paragraph(_clean(outcome.narrative), style="Quote")


def _choice(document: DocxDocument, choice: ChoiceTally, total: int, say: Any) -> None:
    document.add_heading(_clean(choice.question), level=2)
    _note(document, say.voters(choice.voters, total))
    table = _table(document, [say.column("option"), say.column("votes"), say.column("names")])
    for option in choice.options:
        _row(table, [option.label, str(option.count), ", ".join(option.names)])
    paragraph = document.add_paragraph()
    if choice.no_agreement:
        text = str(say.no_agreement()).capitalize()
        if choice.winner:
            text += f" ({str(say.winner(choice.multiple)).lower()}: {choice.winner_label})"
        paragraph.add_run(_clean(text)).bold = True
    else:
        paragraph.add_run(
            _clean(f"{say.winner(choice.multiple)}: {choice.winner_label}")
        ).bold = True


def _rating(document: DocxDocument, rating: RatingProfile, total: int, say: Any) -> None:
    document.add_heading(_clean(rating.question), level=2)
    _note(document, say.voters(rating.voters, total))
    columns = ["item", "distribution", "median", "bespreekpunt"]
    table = _table(document, [say.column(name) for name in columns])
    for item in rating.items:
        distribution = " · ".join(
            f"{point.value} {point.label}: {point.count}" for point in item.distribution
        )
        flag = str(say.bespreekpunt()) if item.bespreekpunt else ""
        cells = _row(table, [item.text, distribution, number_nl(item.median), flag])
        if item.bespreekpunt:
            for run in cells[3].paragraphs[0].runs:
                run.bold = True
    if len(rating.items) > 1:
        _note(document, say.profile(rating.median, rating.bespreekpunten))


def _comparison(document: DocxDocument, comparison: Comparison, say: Any) -> None:
    document.add_heading(_clean(say.section("comparison")), level=2)
    if not comparison.partnerships:
        document.add_paragraph(_clean(say.no_partnerships()))
        return
    table = _table(document, [say.column("partnership"), say.column("particular")])
    for column in comparison.partnerships:
        particular = "\n".join(
            element.text + (f" ({say.specific_short()})" if element.specific else "")
            for element in column.particular
        )
        _row(table, [column.name, particular or str(say.nothing_particular())])
    if comparison.shared:
        _label(document, say.section("shared"))
        for element in comparison.shared:
            who = (
                str(say.shared_by_all())
                if comparison.shared_by_all(element)
                else ", ".join(element.partnerships)
            )
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(_clean(element.text))
            paragraph.add_run(_clean(f" ({who})")).italic = True
            if element.wordings:
                also = f"; {say.also_worded()}: {'; '.join(element.wordings)}"
                paragraph.add_run(_clean(also)).italic = True
    if comparison.shared_themes:
        _label(document, say.section("shared_themes"))
        for theme in comparison.shared_themes:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(_clean(theme.text))
            paragraph.add_run(_clean(f" ({', '.join(theme.partnerships)})")).italic = True


def _bullets(document: DocxDocument, answers: tuple[MergedAnswer, ...], prefix: str = "") -> None:
    for answer in answers:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(_clean(answer.text))
        if answer.names:
            paragraph.add_run(_clean(f" ({prefix}{', '.join(answer.names)})")).italic = True


def _table(document: DocxDocument, headers: list[Any]) -> Table:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = _clean(header)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    return table


def _row(table: Table, values: list[str]) -> list[Any]:
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        cell.text = _clean(value)
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(9)
    return list(cells)


def _note(document: DocxDocument, text: Any) -> None:
    document.add_paragraph().add_run(_clean(text)).italic = True


def _label(document: DocxDocument, text: Any) -> None:
    document.add_paragraph().add_run(_clean(text)).bold = True


def _clean(text: Any) -> str:
    return _NOT_XML.sub("", str(text))
