"""Whatever members type comes back as they typed it: escaped for Telegram's HTML, split when the
outcome card outgrows one message, and accepted by the strict double."""

from bot.sandbox import validate_telegram_html

TRICKY = [
    "Het <b>beroep</b> staat centraal & is helder",
    "<script>alert('x')</script> hoort hier niet",
    "Tags als <i> of </b> en &amp; zijn gewoon tekst",
]


async def test_markup_in_answers_is_escaped_and_long_outcomes_are_split(world):
    long_answer = ("Lange toelichting & <details> over de visie. " * 90)[:4000]
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees
        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        kern = await group.next_bot_message()
        for member, text in zip((bram, cees, anna), TRICKY, strict=True):
            answer = await group.reply(member, kern, text)
            await group.wait_for(lambda a=answer: a.reactions, waiting_for="the reaction")
        await group.command(anna, "/volgende")
        how = await group.next_bot_message()
        for member, text in ((bram, long_answer), (cees, long_answer.replace("visie", "missie"))):
            answer = await group.reply(member, how, text)
            await group.wait_for(lambda a=answer: a.reactions, waiting_for="the reaction")
        await group.command(anna, "/stop")
        parts = []
        while not (message := await group.next_bot_message()).text.startswith("⏹"):
            parts.append(message)

        await group.command(bram, "/samenvatting")
        again = [await group.next_bot_message() for _ in parts]

    assert len(parts) >= 2, "a card longer than one message is split"
    assert parts[0].text.startswith("Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten")
    for part in parts + again:
        validate_telegram_html(part.sent_text)
        assert len(part.text) <= 4096
    text = "\n".join(part.text for part in parts)
    for typed in TRICKY:
        assert typed in text, typed
    assert "<script>" not in "".join(part.sent_text for part in parts)
    assert "&lt;script&gt;" in "".join(part.sent_text for part in parts)
    words = " ".join(text.split())  # a paragraph too long for one message is split by words
    assert " ".join(long_answer.split()) in words
    assert [part.text for part in again] == [part.text for part in parts]
    assert world.api.refused_calls == []
