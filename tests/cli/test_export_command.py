"""`samenbot export` writes a chat's run as a document, from a real database file."""

import asyncio

from docx import Document

from flows.catalog import load_catalog
from flows.responses import Answer, Member, Responses
from flows.synthesis import synthesize
from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database
from tests.cli.test_cli import samenbot


async def a_chat_with_an_outcome_card(url: str) -> None:
    flow = load_catalog().get("visie-op-beroep")
    card = flow.card(2)
    said = Answer(2, "kernelementen", Member(1, "Anna"), "Onderzoekende houding", key=7)
    outcome = synthesize(flow, card, Responses.of([said]))
    engine = create_engine(url)
    await upgrade_database(engine)
    async with UnitOfWork(create_session_factory(engine)) as uow:
        chat = await uow.chats.get_or_create(-100777, "Partnerschap Noord")
        partnership = await uow.chats.bind_to_partnership(chat, "Partnerschap Noord", "Oost")
        run = await uow.runs.start(
            chat_id=chat.id,
            thread_id=None,
            flow_id=flow.id,
            flow_version=1,
            flow_hash="h",
            scope="partnership",
            partnership_id=partnership.id,
            region_id=partnership.region_id,
        )
        await uow.outcomes.save(
            run_id=run.id,
            chat_id=chat.id,
            partnership_id=partnership.id,
            region_id=partnership.region_id,
            flow_id=flow.id,
            card_number=2,
            title=outcome.title,
            data=outcome.to_dict(),
            text="<b>x</b>",
        )
        await uow.commit()
    await engine.dispose()


def test_export_writes_the_runs_report_as_word_and_markdown(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}"
    asyncio.run(a_chat_with_an_outcome_card(url))
    env = {"DATABASE_URL": url}

    word = samenbot("export", "--chat", "-100777", "--output", str(tmp_path / "r.docx"), env=env)
    markdown = samenbot(
        "export", "--chat", "-100777", "--format", "md", "--output", str(tmp_path / "r.md"), env=env
    )

    assert word.returncode == 0, word.stderr
    assert "1 outcome cards" in word.stdout
    headings = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert any("Partnerschap Samen Opleiden" in h for h in headings)
    assert markdown.returncode == 0, markdown.stderr
    text = (tmp_path / "r.md").read_text()
    assert "Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten" in text
    assert "Onderzoekende houding" in text
