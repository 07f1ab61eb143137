"""Exports of a whole run as Markdown and as a standalone HTML page."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser

from bot.rendering import (
    card_markdown,
    markdown_edition,
    render_outcome_html,
    render_outcome_markdown,
    render_run_html,
    render_run_markdown,
)
from flows.responses import Responses
from flows.synthesis import RunReport, synthesize
from tests.synthesis.fixtures import (
    ANNA,
    card,
    run_report,
    say,
    visie_card1,
    visie_card2,
    visie_flow,
)


def hostile_card():
    flow = visie_flow()
    answers = [
        say(2, "kernelementen", ANNA, "<script>alert(1)</script>\n*_nadruk_ & [link](x)\n# kop"),
    ]
    return synthesize(flow, card(flow, 2), Responses.of(answers))


def test_markdown_export_holds_every_card_title_and_the_run_details():
    report = run_report()
    text = render_run_markdown(report)
    assert text.startswith("# Visie op het beroep als kloppend hart van de Onderwijsregio")
    for outcome in report.outcomes:
        assert f"## {outcome.title}" in text
    assert "Partnerschap Gooi & Vecht" in text
    assert "3 maart 2026, 14:05 – 17 maart 2026, 16:30" in text
    assert "- Onderzoekende houding _(Anna, Bram, Carla, Daan)_" in text
    assert "| Daaraan is een geëxpliciteerde visie op leren gekoppeld. |" in text


def test_markdown_export_escapes_member_text():
    text = render_outcome_markdown(hostile_card())
    assert "<script>" not in text
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "\\_nadruk\\_ & \\[link\\](x)" in text
    assert "\\# kop" in text


def test_html_export_holds_every_card_title_and_escapes_member_text():
    report = run_report()
    text = render_run_html(report)
    assert text.startswith("<!DOCTYPE html>")
    for outcome in report.outcomes:
        assert f">{outcome.title}</h3>" in text  # under the part of its flow
    assert "Opleidingsteam &lt;Gooi&gt; &amp; Vecht" in text
    page = render_outcome_html(hostile_card())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


class _Balance(HTMLParser):
    VOID = frozenset({"meta", "br", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_html_export_is_well_formed():
    parser = _Balance()
    parser.feed(render_run_html(run_report()))
    assert parser.stack == []


def test_a_run_without_finish_date_or_cards_still_exports():
    report = RunReport(
        flow_title="Kwaliteitskader", partnership_or_region="Regio Oost", chat_title="Oost",
        started=run_report().started,
    )  # fmt: skip
    assert "gestart 3 maart 2026" in render_run_markdown(report)
    assert "<h1>Kwaliteitskader</h1>" in render_run_html(report)


def test_a_run_report_survives_a_json_round_trip():
    report = run_report()
    assert RunReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_single_card_exports_exist_for_markdown_and_html():
    outcome = visie_card2()
    assert render_outcome_markdown(outcome).startswith(f"# {outcome.title}")
    assert f"<h1>{outcome.title}</h1>" in render_outcome_html(outcome)


def test_html_export_fits_a_phone_and_carries_its_chart():
    text = render_run_html(run_report())
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert text.count('<div class="table"><table') == text.count("<table")
    assert "overflow-x: auto" in text
    assert text.count('src="data:image/png;base64,') == 1  # waarborg 1 has the ratings
    assert "@media (max-width: 40rem)" in text


def test_html_and_markdown_name_the_partnership_and_region_once_and_each_flow_as_a_part():
    report = run_report()
    html = render_run_html(report)
    assert "Partnerschap Gooi &amp; Vecht · Onderwijsregio Gooi, Vecht &amp; Eemland" in html
    assert '<h2 class="part">' in html
    markdown = render_run_markdown(report)
    assert "Partnerschap Gooi & Vecht · Onderwijsregio Gooi, Vecht & Eemland" in markdown


def one_flow_report(language: str = "nl") -> RunReport:
    return replace(run_report(), outcomes=(visie_card1(), visie_card2()), language=language)


def test_a_markdown_export_joined_from_kept_card_markdown_is_the_export_rendered_afresh():
    report = one_flow_report()
    kept = tuple(card_markdown(outcome) for outcome in report.outcomes)

    assert render_run_markdown(replace(report, card_markdown=kept)) == render_run_markdown(report)


def test_a_card_without_kept_markdown_is_rendered_and_one_with_it_is_joined_as_kept():
    report = one_flow_report()
    first, second = report.outcomes
    kept = card_markdown(first).replace(first.title, "Zoals bewaard")

    text = render_run_markdown(replace(report, card_markdown=(kept, None)))

    assert "## Zoals bewaard" in text and f"## {first.title}" not in text
    assert f"## {second.title}" in text


def test_a_report_of_several_flows_renders_its_cards_a_level_deeper_not_as_kept():
    report = run_report()
    kept = tuple(f"## Bewaard {n}\n" for n, _ in enumerate(report.outcomes))

    text = render_run_markdown(replace(report, card_markdown=kept))

    assert "Bewaard" not in text
    assert f"### {report.outcomes[0].title}" in text


def test_an_english_chats_export_has_its_fixed_words_in_english():
    report = one_flow_report("en")

    assert "**Participants:**" in render_run_markdown(report)
    assert "<strong>Participants:</strong>" in render_run_html(report)
    assert "**Deelnemers:**" in render_run_markdown(one_flow_report())


def test_a_cards_markdown_is_kept_in_the_chats_language_and_marked_with_it():
    assert "_6 of 10 participants_" in card_markdown(visie_card2(), "en")
    assert "_6 van 10 deelnemers_" in card_markdown(visie_card2(), "nl")
    assert markdown_edition("nl").startswith("nl:")
    assert markdown_edition("en").startswith("en:")
    assert markdown_edition("nl").split(":")[1] != markdown_edition("en").split(":")[1]
