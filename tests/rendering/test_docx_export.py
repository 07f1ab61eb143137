"""The Word export: what the teams send to each other and to the visiting panel.

Checked with python-docx on the document's structure (no LibreOffice needed): A4, Dutch
proofing, real properties, header and footer, the decisions first, the ratings table.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from bot.rendering import render_run_docx
from tests.synthesis.fixtures import run_report


def _document(report=None):
    return Document(io.BytesIO(render_run_docx(report or run_report())))


def _tables(document):
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_the_page_is_a4_with_the_partnership_and_region_in_the_header_and_page_numbers_below():
    section = _document().sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    header = section.header.paragraphs[0].text
    assert header.startswith("Partnerschap Gooi & Vecht · Onderwijsregio Gooi, Vecht & Eemland")
    footer = section.footer.paragraphs[0]
    fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Pagina ")


def test_the_proofing_language_is_dutch_and_british_english_for_an_english_chat():
    def languages(document):
        return {element.get(qn("w:val")) for element in document.styles.element.iter(qn("w:lang"))}

    assert "nl-NL" in languages(_document())
    assert "en-US" not in languages(_document())
    english = _document(replace(run_report(), language="en"))
    assert "en-GB" in languages(english)
    assert english.core_properties.language == "en-GB"


def test_the_properties_name_the_run_not_the_library():
    properties = _document().core_properties
    assert properties.title == "Visie op het beroep als kloppend hart van de Onderwijsregio"
    assert properties.author == "samenbot"
    assert properties.last_modified_by == "samenbot"
    assert "python-docx" not in (properties.comments or "")
    assert properties.created.replace(tzinfo=None) == datetime(2026, 3, 3, 14, 5)
    assert properties.modified.replace(tzinfo=None) == datetime(2026, 3, 17, 16, 30)
    assert properties.language == "nl-NL"
    assert "Gooi & Vecht" in properties.subject


def test_the_first_page_holds_every_decision_and_action_point_before_the_cards():
    document = _document()
    texts = [p.text for p in document.paragraphs]
    first_page = texts.index("Besluiten en actiepunten")
    first_card = texts.index(run_report().outcomes[0].title)
    assert first_page < first_card
    decisions = texts[first_page:first_card]
    assert any(
        "Visie bespreken in het eerstvolgende teamoverleg (voorgesteld door Anna, Bram)" in t
        for t in decisions
    )
    assert any("Visie op leren expliciet maken in het opleidingsplan" in t for t in decisions)
    breaks = [i for i, p in enumerate(document.paragraphs) if 'w:type="page"' in p._p.xml]
    assert breaks and first_page < breaks[0] < first_card


def test_without_decisions_the_first_page_says_so():
    report = run_report()
    report = replace(report, outcomes=(report.outcomes[1],))
    report = replace(report, outcomes=(replace(report.outcomes[0], actions=()),))
    texts = [p.text for p in _document(report).paragraphs]
    assert "In dit gesprek zijn geen besluiten of actiepunten vastgelegd." in texts


def test_the_ratings_table_has_a_column_per_scale_point_and_the_chart_follows():
    document = _document()
    rating = next(t for t in _tables(document) if t[0][0] == "Item" and "Mediaan" in t[0])
    assert rating[0] == [
        "Item",
        "1 niet zichtbaar",
        "2 beperkt zichtbaar",
        "3 grotendeels zichtbaar",
        "4 volledig zichtbaar",
        "Mediaan",
    ]
    assert rating[2] == [
        "⚠ Daaraan is een geëxpliciteerde visie op leren gekoppeld.",
        "2",
        "1",
        "1",
        "2",
        "2,5",
    ]
    assert rating[1][1:] == ["0", "0", "4", "2", "3"]
    assert len(document.inline_shapes) == 1  # waarborg 1 is the one card with ratings
    texts = [p.text for p in document.paragraphs]
    assert any("één afwijkende stem telt niet" in t for t in texts)


def test_the_word_export_holds_every_card_heading_and_the_tally():
    report = run_report()
    document = _document(report)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for outcome in report.outcomes:
        assert outcome.title in headings
    assert document.paragraphs[0].text == report.flow_title
    tally = next(t for t in _tables(document) if t[0] == ["Optie", "Stemmen", "Wie"])
    assert tally[1][:2] == ["De (aanstaande) leraar", "3"]


def test_the_word_export_lists_answers_as_bullets_with_names():
    bullets = [p.text for p in _document().paragraphs if p.style.name == "List Bullet"]
    assert "Onderzoekende houding (Anna, Bram, Carla, Daan)" in bullets


def test_control_characters_in_an_answer_do_not_break_the_word_export():
    report = run_report()
    outcome = report.outcomes[0].with_narrative("Samen\x00 verder\x0b.")
    document = _document(replace(report, outcomes=(outcome,)))
    assert any(p.text == "Samen verder." for p in document.paragraphs)
