"""The Word export: what the teams send to each other and to the visiting panel."""

from __future__ import annotations

import io

from docx import Document

from bot.rendering import render_run_docx
from tests.synthesis.fixtures import run_report


def test_the_word_export_opens_and_holds_headings_tables_and_the_chart():
    report = run_report()
    document = Document(io.BytesIO(render_run_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for outcome in report.outcomes:
        assert outcome.title in headings
    assert document.paragraphs[0].text == report.flow_title
    assert len(document.inline_shapes) == 1  # waarborg 1 is the one card with ratings
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    rating = next(t for t in tables if t[0] == ["Item", "Verdeling", "Mediaan", "Bespreekpunt"])
    assert rating[2][0] == "Daaraan is een geëxpliciteerde visie op leren gekoppeld."
    assert rating[2][2] == "2,5"
    assert "bespreekpunt" in rating[2][3]
    assert rating[1][1].startswith("1 niet zichtbaar: 0 · 2 beperkt zichtbaar: 0")
    tally = next(t for t in tables if t[0] == ["Optie", "Stemmen", "Wie"])
    assert tally[1][:2] == ["De (aanstaande) leraar", "3"]


def test_the_word_export_lists_answers_as_bullets_with_names():
    document = Document(io.BytesIO(render_run_docx(run_report())))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Onderzoekende houding (Anna, Bram, Carla, Daan)" in bullets
    assert (
        "Visie bespreken in het eerstvolgende teamoverleg (voorgesteld door Anna, Bram)" in bullets
    )


def test_control_characters_in_an_answer_do_not_break_the_word_export():
    from dataclasses import replace

    report = run_report()
    outcome = report.outcomes[0].with_narrative("Samen\x00 verder\x0b.")
    data = render_run_docx(replace(report, outcomes=(outcome,)))
    document = Document(io.BytesIO(data))
    assert any(p.text == "Samen verder." for p in document.paragraphs)
