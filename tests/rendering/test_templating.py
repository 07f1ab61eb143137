"""The one Jinja environment: escaping for HTML, strict about missing values, region templates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
import pytest

from bot.templating import create_environment, date_nl, markdown_escape, names_nl, number_nl


def test_html_templates_escape_and_markdown_templates_do_not(tmp_path: Path):
    (tmp_path / "a.html.j2").write_text("{{ text }}", encoding="utf-8")
    (tmp_path / "a.md.j2").write_text("{{ text }}", encoding="utf-8")
    (tmp_path / "a.j2").write_text("{{ text }}", encoding="utf-8")
    env = create_environment([tmp_path])
    assert env.get_template("a.html.j2").render(text="<b>&") == "&lt;b&gt;&amp;"
    assert env.get_template("a.md.j2").render(text="<b>&") == "<b>&"
    # a name it does not recognise fails safe: escaped
    assert env.get_template("a.j2").render(text="<b>") == "&lt;b&gt;"


def test_a_missing_value_is_an_error_not_an_empty_string(tmp_path: Path):
    (tmp_path / "x.html.j2").write_text("{{ missing }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        create_environment([tmp_path]).get_template("x.html.j2").render()


def test_block_tags_leave_no_blank_lines(tmp_path: Path):
    (tmp_path / "l.md.j2").write_text("{% for n in items %}\n  - {{ n }}\n{% endfor %}\n")
    text = create_environment([tmp_path]).get_template("l.md.j2").render(items=[1, 2])
    assert text == "  - 1\n  - 2\n"


def test_region_templates_add_to_the_built_in_ones_but_do_not_replace_them(tmp_path: Path):
    (tmp_path / "outcome").mkdir()
    (tmp_path / "outcome" / "card.tg.html.j2").write_text("vervangen", encoding="utf-8")
    env = create_environment([tmp_path])
    source = env.loader.get_source(env, "outcome/card.tg.html.j2")[0]
    assert "vervangen" not in source


def test_dutch_numbers_dates_and_names():
    assert number_nl(2.5) == "2,5"
    assert number_nl(2.25) == "2,25"
    assert number_nl(3.0) == "3"
    assert number_nl(None) == "–"
    assert date_nl(date(2026, 3, 3)) == "3 maart 2026"
    assert date_nl(datetime(2026, 12, 1, 9, 0)) == "1 december 2026, 09:00"
    assert date_nl(datetime(2026, 7, 1, 7, 0, tzinfo=UTC)) == "1 juli 2026, 09:00"
    assert names_nl(["Anna", "Bram", "Carla"]) == "Anna, Bram en Carla"
    assert names_nl(["Anna"]) == "Anna"


def test_markdown_escape_keeps_member_text_literal():
    assert markdown_escape("*vet* <b> [x](y) #1") == "\\*vet\\* \\<b\\> \\[x\\](y) \\#1"
    assert markdown_escape("- geen lijst") == "\\- geen lijst"
    assert markdown_escape("1. geen lijst") == "1\\. geen lijst"
    assert markdown_escape("a\nb", inline=True) == "a b"
    assert markdown_escape("&amp;") == "&amp;amp;"
