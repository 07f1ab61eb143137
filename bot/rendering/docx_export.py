"""A whole run as a Word document — what these teams share with each other and the panel.

Built with python-docx (imported when a document is made, not when the bot starts). The Dutch
words come from `outcome/_phrases.txt.j2` like every other format, so a Word export says exactly
what the Telegram card says.

The document is what a school hands to a visiting panel: A4, Dutch proofing (British English
for an English chat), title, author "samenbot" and the run's dates in its properties, the
partnership and Onderwijsregio in the header, "Pagina N van M" in the footer. The first page
holds the decisions and action points of all cards; then per card a heading and its sections in
the card's order, a ratings table with one column per scale point and the chart below it.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

import jinja2

from bot.rendering.charts import rating_chart_png
from bot.rendering.telegram_html import default_environment, phrases_for
from bot.templating import number_nl
from flows.synthesis import (
    ChoiceTally,
    Comparison,
    MergedAnswer,
    OutcomeCard,
    QuestionList,
    RatingProfile,
    RunReport,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

__all__ = ["render_run_docx"]

# Characters XML 1.0 cannot hold; a stray one in a member's text must not break the export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
_BESPREEKPUNT_SHADE = "FFF3CD"


def render_run_docx(report: RunReport, env: jinja2.Environment | None = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    say = (env or default_environment()).get_template(phrases_for(report.language)).module
    document = Document()
    language = _LANGUAGES.get(report.language, "nl-NL")
    _page_setup(document, report, say)
    _proofing_language(document, language)
    _properties(document, report, language)
    document.add_heading(_clean(report.flow_title), level=0)
    document.add_paragraph(_clean(report.place))
    if report.chat_title and report.chat_title not in (report.partnership_or_region, report.region):
        _note(document, report.chat_title)
    dates = say.report_dates(report.started, report.finished)
    document.add_paragraph(_clean(f"{dates} · {say.report_cards(len(report.outcomes))}"))
    if report.participants:
        paragraph = document.add_paragraph()
        paragraph.add_run(_clean(f"{say.report_participants()}: ")).bold = True
        paragraph.add_run(_clean(", ".join(report.participants)))
    _decisions_page(document, report, say)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    flow = None
    for outcome in report.outcomes:
        if report.several_flows and outcome.flow_id != flow:
            flow = outcome.flow_id
            document.add_heading(_clean(outcome.flow_title), level=1)
        _card(document, outcome, say, level=2 if report.several_flows else 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document: DocxDocument, report: RunReport, say: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        header = section.header.paragraphs[0]
        header.text = _clean(report.place)
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in header.runs:
            run.font.size = Pt(8)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(_clean(f"{say.page()} "))
        _field(footer, "PAGE", "1")
        footer.add_run(_clean(f" {say.page_of()} "))
        _field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(8)


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _proofing_language(document: DocxDocument, language: str) -> None:
    """Proofing language for all text: the document defaults and the Normal style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    holders = [document.styles["Normal"].element.get_or_add_rPr()]
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
            holders.append(run_defaults.find(qn("w:rPr")))
    for holder in holders:
        lang = holder.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            holder.append(lang)
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        lang.set(qn("w:bidi"), "ar-SA")


def _properties(document: DocxDocument, report: RunReport, language: str) -> None:
    properties = document.core_properties
    properties.title = _clean(report.flow_title)
    properties.subject = _clean(report.place)
    properties.author = "samenbot"
    properties.last_modified_by = "samenbot"
    properties.comments = ""
    properties.keywords = _clean(", ".join(dict.fromkeys(o.flow_id for o in report.outcomes)))
    properties.category = ""
    properties.language = language
    properties.revision = 1
    properties.created = _moment(report.started)
    properties.modified = _moment(report.finished or report.started)


def _moment(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(12), tzinfo=UTC)


def _decisions_page(document: DocxDocument, report: RunReport, say: Any) -> None:
    """The first page: every decision and action point, with who proposed it and its card."""
    document.add_heading(_clean(say.decisions_page()), level=1)
    found = False
    for outcome in report.outcomes:
        for actions in outcome.actions:
            if not actions.items:
                continue
            found = True
            label = f"{say.action_kind(actions.kind)} · {outcome.title}"
            document.add_paragraph().add_run(_clean(label)).bold = True
            _bullets(document, actions.items, prefix=f"{say.proposed_by()} ")
    if not found:
        document.add_paragraph(_clean(say.no_decisions()))


def _card(document: DocxDocument, outcome: OutcomeCard, say: Any, level: int = 1) -> None:
    document.add_heading(_clean(outcome.title), level=level)
    total = len(outcome.participants)
    sub = min(level + 1, 9)
    if total:
        _note(document, f"{say.participants(total)}: {', '.join(outcome.participants)}")
    if outcome.is_empty:
        document.add_paragraph(_clean(say.no_answers()))
    for section in outcome.sections_to_show:
        if section == "written":
            for question in outcome.written:
                heading = question.question + _aid(outcome, question.question_id, say)
                document.add_heading(_clean(heading), level=sub)
                _note(document, say.respondents(question.respondents, total))
                if isinstance(question, QuestionList):
                    if question.specific:
                        _label(document, say.general())
                    _bullets(document, question.general)
                    if question.specific:
                        _label(document, say.specific())
                        _bullets(document, question.specific)
                else:
                    _bullets(document, question.answers)
        elif section == "choices":
            for choice in outcome.choices:
                _choice(document, choice, total, say, sub, _aid(outcome, choice.question_id, say))
        elif section == "ratings" and outcome.ratings:
            for rating in outcome.ratings:
                _rating(document, rating, total, say, sub, _aid(outcome, rating.question_id, say))
            png = rating_chart_png(outcome)
            if png:
                from docx.shared import Mm

                document.add_picture(io.BytesIO(png), width=Mm(160))
        elif section == "actions":
            for actions in outcome.actions:
                document.add_heading(
                    _clean(
                        f"{say.action_kind(actions.kind)}: {actions.question}"
                        + _aid(outcome, actions.question_id, say)
                    ),
                    level=sub,
                )
                _bullets(document, actions.items, prefix=f"{say.proposed_by()} ")
        elif section == "themes" and outcome.themes:
            document.add_heading(_clean(say.section("themes")), level=sub)
            for theme in outcome.themes:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(_clean(theme.phrase)).bold = theme.gedeeld
                who = ", ".join(theme.names)
                if theme.gedeeld:
                    who = f"{say.gedeeld(theme.members)}{': ' + who if who else ''}"
                if who:
                    paragraph.add_run(_clean(f" ({who})")).italic = True
        elif section == "comparison" and outcome.comparison is not None:
            _comparison(document, outcome.comparison, say, sub)
        elif section == "narrative" and outcome.narrative:
            document.add_heading(_clean(say.section("narrative")), level=sub)
            document.add_paragraph(_clean(outcome.narrative), style="Quote")
    if outcome.aids:
        _note(document, f"{say.aid_mark()} {say.aid_legend()}")


def _aid(outcome: OutcomeCard, question_id: str, say: Any) -> str:
    """The mark of a question that is samenbot's own aid, not the source document's."""
    return f" {say.aid_mark()}" if question_id in outcome.aids else ""


def _choice(
    document: DocxDocument, choice: ChoiceTally, total: int, say: Any, level: int, mark: str = ""
) -> None:
    document.add_heading(_clean(choice.question + mark), level=level)
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


def _rating(
    document: DocxDocument,
    rating: RatingProfile,
    total: int,
    say: Any,
    level: int,
    mark: str = "",
) -> None:
    """One column per scale point ("1 niet zichtbaar"), the count of votes in each cell, then
    the median; a bespreekpunt row is shaded and starts with ⚠."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document.add_heading(_clean(rating.question + mark), level=level)
    _note(document, say.voters(rating.voters, total))
    headers = [
        say.column("item"),
        *(f"{point.value} {point.label}" for point in rating.scale),
        say.column("median"),
    ]
    table = _table(document, headers)
    for item in rating.items:
        text = f"⚠ {item.text}" if item.bespreekpunt else item.text
        counts = [str(point.count) for point in item.distribution]
        cells = _row(table, [text, *counts, number_nl(item.median)])
        for cell in cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if item.bespreekpunt:
            for cell in cells:
                _shade(cell, _BESPREEKPUNT_SHADE)
            for run in cells[0].paragraphs[0].runs:
                run.bold = True
    point = Mm(24 if len(rating.scale) <= 4 else 17)  # "grotendeels" on one line
    median = Mm(18)
    widths = [Mm(170) - point * len(rating.scale) - median, *[point] * len(rating.scale), median]
    # Word reads the cell widths, LibreOffice the table grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    if len(rating.items) > 1:
        _note(document, say.profile(rating.median, rating.bespreekpunten))
    if rating.bespreekpunten:
        _note(document, say.bespreekpunt_rule())


def _comparison(document: DocxDocument, comparison: Comparison, say: Any, level: int) -> None:
    document.add_heading(_clean(say.section("comparison")), level=level)
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
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header_row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    header_row._tr.get_or_add_trPr().append(repeat)
    for cell, header in zip(header_row.cells, headers, strict=True):
        cell.text = _clean(header)
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(8)
    table._tbl.tblPr.append(_element("w:tblLayout", {qn("w:type"): "fixed"}))
    return table


def _element(tag: str, attributes: dict[str, str]) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(key, value)
    return element


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml.ns import qn

    shading = _element("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): colour})
    cell._tc.get_or_add_tcPr().append(shading)


def _row(table: Table, values: list[str]) -> list[Any]:
    from docx.shared import Pt

    row = table.add_row()
    row._tr.get_or_add_trPr().append(_element("w:cantSplit", {}))  # a row stays on one page
    cells = row.cells
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
