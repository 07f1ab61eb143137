"""Getting outcomes back: /samenvatting (latest, named, archive, nothing yet) and /export in
Word, Markdown and HTML."""

import io

from docx import Document
from sqlalchemy import text

from storage import create_engine


async def play_card_one(group, facilitator, member, why: str) -> None:
    """Card 1 of visie-op-beroep with one vote and one answer, then /stop."""
    await group.command(facilitator, "/gesprek visie-op-beroep kaart 1")
    await group.next_bot_message()
    choice = await group.next_bot_message()
    await group.press(member, choice, "De (aanstaande) leraar")
    await group.press(facilitator, choice, "Volgende ▶")
    question = await group.next_bot_message()
    answer = await group.reply(member, question, why)
    await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
    await group.command(facilitator, "/stop")
    outcome = await group.next_bot_message()
    assert outcome.text.startswith("Kaartje 1. Visie op beroep: Uitkomsten")
    await group.next_bot_message()


async def test_samenvatting_says_so_when_nothing_is_stored_yet(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.bram, "/samenvatting")
        assert "nog geen uitkomstenkaartje bewaard" in (await group.next_bot_message()).text
        await group.command(world.bram, "/samenvatting kwaliteitskader kaart 2")
        assert "nog geen uitkomstenkaartje bewaard" in (await group.next_bot_message()).text
        await group.command(world.bram, "/samenvatting vliegen")
        assert "Het gesprek vliegen ken ik niet" in (await group.next_bot_message()).text
        await group.command(world.bram, "/samenvatting kaart twee")
        assert "Gebruik: /samenvatting" in (await group.next_bot_message()).text
        await group.command(world.bram, "/export")
        assert "nog geen gesprek met uitkomsten" in (await group.next_bot_message()).text

        other = world.api.group("Los groepje")
        other.set_admins(world.anna)
        await other.add_bot(by=world.anna)
        await other.next_bot_message()
        await other.command(world.bram, "/samenvatting")
        assert "nog geen uitkomstenkaartje bewaard" in (await other.next_bot_message()).text


async def test_samenvatting_during_the_first_card_says_the_outcome_follows(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        await group.next_bot_message()
        await group.command(world.bram, "/samenvatting")
        said = (await group.next_bot_message()).text
        assert "loopt nog in deze groep" in said
        assert "Start een gesprek" not in said


async def test_samenvatting_gives_the_latest_the_named_and_an_archive_after_two_runs(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram = world.anna, world.bram
        await play_card_one(group, anna, bram, "Eerste ronde: de leraar staat centraal")

        await group.command(bram, "/samenvatting")
        latest = await group.next_bot_message()
        assert "Eerste ronde" in latest.text
        assert group.unread_bot_messages() == [], "one run: no archive list"

        world.clock.advance(days=7)
        await play_card_one(group, anna, bram, "Tweede ronde: alle professionals tellen mee")

        await group.command(bram, "/samenvatting visie-op-beroep kaart 1")
        named = await group.next_bot_message()
        assert "Tweede ronde" in named.text and "Eerste ronde" not in named.text

        await group.command(bram, "/samenvatting")
        latest = await group.next_bot_message()
        archive = await group.next_bot_message()
        assert "Tweede ronde" in latest.text
        assert "Eerdere gesprekken in deze groep" in archive.text
        line = next(x for x in archive.text.splitlines() if x.startswith("• 23-11-2026"))
        assert "Bram" in line, "who took part is listed"
        title = "Visie op het beroep als kloppend hart van de Onderwijsregio"
        assert archive.button_texts == [f"30-11-2026 · {title}", f"23-11-2026 · {title}"]

        await group.press(bram, archive, f"23-11-2026 · {title}")
        older = await group.next_bot_message()
        footer = await group.next_bot_message()
        assert "Eerste ronde" in older.text and "Tweede ronde" not in older.text
        assert "/export" in footer.text


async def test_export_sends_the_run_as_word_markdown_or_html(world):
    async with world.bot():
        group = await world.partnership_group()
        await play_card_one(group, world.anna, world.bram, "Omdat de <visie> & het beroep tellen")

        await group.command(world.bram, "/export")
        word = await group.next_bot_message()
        await group.command(world.bram, "/export md")
        markdown = await group.next_bot_message()
        await group.command(world.bram, "/export@samenbot_bot html")
        html = await group.next_bot_message()
        await group.command(world.bram, "/export pdf")
        usage = (await group.next_bot_message()).text
        assert "Gebruik: /export (laatste gesprek, Word), /export kwaliteitskader docx" in usage
        assert "Ik begrijp pdf niet." in usage

    docx_file, md_file, html_file = group.documents
    assert word.document["file_name"].endswith(".docx")
    assert word.document["file_name"].startswith("partnerschap-noord-visie-op-beroep-")
    assert word.caption.endswith(": 1 uitkomstenkaartje")
    paragraphs = [p.text for p in Document(io.BytesIO(docx_file.data)).paragraphs]
    assert "Kaartje 1. Visie op beroep: Uitkomsten" in paragraphs
    assert any("Omdat de <visie> & het beroep tellen" in p for p in paragraphs)

    assert markdown.document["file_name"].endswith(".md")
    assert "Kaartje 1. Visie op beroep: Uitkomsten" in md_file.data.decode()
    assert html.document["file_name"].endswith(".html")
    page = html_file.data.decode()
    assert "Kaartje 1. Visie op beroep: Uitkomsten" in page
    assert "Omdat de &lt;visie&gt; &amp; het beroep tellen" in page
    assert "<visie>" not in page


async def test_a_markdown_export_after_the_templates_changed_shows_the_card_as_rendered_now(world):
    async with world.bot():
        group = await world.partnership_group()
        await play_card_one(group, world.anna, world.bram, "Omdat *samen* opleiden werkt")
        await group.command(world.bram, "/export md")
        await group.next_bot_message()

        # A card kept its Markdown when it was made; a newer samenbot renders it differently.
        engine = create_engine(world.database_url)
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE outcome_cards SET markdown = :old, markdown_edition = 'nl:ouder'"),
                {"old": "## Kaartje zoals een oudere versie het schreef\n"},
            )
        await engine.dispose()
        await group.command(world.bram, "/export md")
        await group.next_bot_message()

    kept, afresh = (document.data.decode() for document in group.documents)
    assert "oudere versie" not in afresh
    assert afresh == kept
    assert "Kaartje 1. Visie op beroep: Uitkomsten" in afresh
    assert "Omdat \\*samen\\* opleiden werkt" in afresh
