"""The timeline file: the defaults load, and a region's broken file says what is wrong where."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.peer_review import (
    PLACEHOLDERS,
    MilestoneKind,
    Offset,
    TimelineError,
    load_timeline,
)

VALID_MILESTONE = """\
  - id: start
    offset: {weeks: -10}
    title: Begin
    reminder: Op {datum} is de peer review.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regio.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(TimelineError) as caught:
        load_timeline(write(tmp_path, text))
    return str(caught.value)


def test_the_default_timeline_has_the_milestones_of_the_product_brief_in_order():
    timeline = load_timeline()
    assert [(m.id, m.offset) for m in timeline.milestones] == [
        ("kritische-reflectie", Offset(weeks=-12)),
        ("vraagstukken", Offset(weeks=-8)),
        ("programma", Offset(weeks=-6)),
        ("stukken-naar-panel", Offset(weeks=-3)),
        ("bezoek-over-een-week", Offset(weeks=-1)),
        ("bezoek-morgen", Offset(days=-1)),
        ("bezoek", Offset()),
        ("concept-verslag", Offset(days=7)),
        ("verslag-naar-voorzitter", Offset(days=14)),
        ("volgende-cyclus", Offset(years=4, weeks=-12)),
    ]


def test_the_default_timeline_offers_the_conversations_and_the_export_at_the_right_moments():
    timeline = load_timeline()
    offers = {m.id: m.offers_flow for m in timeline.milestones if m.offers_flow}
    assert offers == {
        "kritische-reflectie": "kwaliteitskader",
        "vraagstukken": "peer-review-voorbereiding",
        "verslag-naar-voorzitter": "peer-review-afronding",
        "volgende-cyclus": "kwaliteitskader",
    }
    # The critical reflection and the programme go to the panel as one document.
    assert "/export peerreview" in timeline.milestone("stukken-naar-panel").reminder


def test_the_visit_day_and_the_next_cycle_are_marked_as_such():
    timeline = load_timeline()
    kinds = {m.id: m.kind for m in timeline.milestones if m.kind is not MilestoneKind.MILESTONE}
    assert kinds == {"bezoek": MilestoneKind.VISIT, "volgende-cyclus": MilestoneKind.NEXT_CYCLE}


def test_the_report_reminder_quotes_the_quality_framework():
    reminder = load_timeline().milestone("verslag-naar-voorzitter").reminder
    for words in (
        "twee weken na de peer review",
        "voorzitter van het bezoekend panel",
        "definitief",
        "actiepunten voor de komende vier jaar",
    ):
        assert words in reminder


def test_the_reminders_before_the_visit_quote_the_agreed_vraagstukken():
    timeline = load_timeline()
    quoting = {m.id for m in timeline.milestones if "vraagstukken" in m.placeholders}
    assert quoting == {"bezoek-over-een-week", "bezoek-morgen"}


def test_every_default_reminder_uses_only_known_placeholders():
    for milestone in load_timeline().milestones:
        assert milestone.placeholders <= PLACEHOLDERS


def test_a_region_can_replace_the_timeline_with_its_own_file(tmp_path):
    timeline = load_timeline(write(tmp_path, f"milestones:\n{VALID_MILESTONE}"))
    assert [m.id for m in timeline.milestones] == ["start"]
    assert timeline.milestones[0].offset == Offset(weeks=-10)


def test_a_wrong_offset_names_the_field_and_the_line(tmp_path):
    message = load_error(
        tmp_path,
        f"milestones:\n{VALID_MILESTONE}"
        "  - id: tweede\n"
        "    offset: {weeks: acht}\n"
        "    title: Tweede\n"
        "    reminder: Tekst\n",
    )
    assert "regio.yaml:7: milestones[1].offset.weeks:" in message
    assert "integer" in message


def test_a_number_written_as_text_is_not_silently_accepted_as_an_offset(tmp_path):
    message = load_error(tmp_path, f"milestones:\n{VALID_MILESTONE}".replace("-10", "'-10'"))
    assert "milestones[0].offset.weeks" in message


def test_a_misspelt_key_is_an_error_not_ignored(tmp_path):
    message = load_error(tmp_path, f"milestones:\n{VALID_MILESTONE}    reminer: oeps\n")
    assert "regio.yaml:6: milestones[0].reminer: unknown key 'reminer'" in message


def test_a_missing_title_is_reported(tmp_path):
    text = f"milestones:\n{VALID_MILESTONE}".replace("    title: Begin\n", "")
    assert "milestones[0].title: 'title' is required" in load_error(tmp_path, text)


def test_an_unknown_placeholder_is_reported_with_the_known_ones(tmp_path):
    text = f"milestones:\n{VALID_MILESTONE}".replace("{datum}", "{naam}")
    message = load_error(tmp_path, text)
    assert "milestones[0].reminder: unknown placeholder {naam}" in message
    assert "{datum}" in message and "{vraagstukken}" in message


def test_a_lone_brace_in_a_reminder_is_reported(tmp_path):
    text = f"milestones:\n{VALID_MILESTONE}".replace("{datum}", "{datum")
    assert "milestones[0].reminder:" in load_error(tmp_path, text)


def test_two_milestones_with_the_same_id_are_refused(tmp_path):
    message = load_error(tmp_path, f"milestones:\n{VALID_MILESTONE}{VALID_MILESTONE}")
    assert "regio.yaml:6: milestones[1].id: the id 'start' is used twice" in message


def test_only_one_milestone_may_be_the_visit_day(tmp_path):
    visit = (
        "  - {id: bezoek, offset: {}, kind: visit, title: Bezoek, reminder: Vandaag}\n"
        "  - {id: nogmaals, offset: {}, kind: visit, title: Bezoek, reminder: Vandaag}\n"
    )
    message = load_error(tmp_path, f"milestones:\n{visit}")
    assert "regio.yaml:3: milestones[1].kind: only one milestone may be of kind 'visit'" in message


def test_the_visit_milestone_must_be_on_the_visit_day(tmp_path):
    text = f"milestones:\n{VALID_MILESTONE}    kind: visit\n"
    assert "milestones[0].offset: the visit milestone" in load_error(tmp_path, text)


def test_an_unknown_kind_is_refused(tmp_path):
    text = f"milestones:\n{VALID_MILESTONE}    kind: feest\n"
    assert "milestones[0].kind:" in load_error(tmp_path, text)


def test_an_export_needs_to_say_to_whom(tmp_path):
    text = f"milestones:\n{VALID_MILESTONE}    offers_export: {{format: docx}}\n"
    assert "milestones[0].offers_export.to: 'to' is required" in load_error(tmp_path, text)


def test_an_empty_timeline_is_refused(tmp_path):
    assert "milestones" in load_error(tmp_path, "milestones: []\n")


def test_a_file_that_is_not_yaml_says_so_with_its_line(tmp_path):
    message = load_error(tmp_path, "milestones:\n  - id: [x\n")
    assert "regio.yaml:" in message and "not valid YAML" in message


def test_a_file_that_is_not_a_mapping_says_what_is_expected(tmp_path):
    assert "a timeline file is a mapping" in load_error(tmp_path, "- een\n- twee\n")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(TimelineError, match="cannot read the file"):
        load_timeline(tmp_path / "bestaat-niet.yaml")
