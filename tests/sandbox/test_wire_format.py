"""The Bot API's HTTP surface: routes, tokens, encodings, response envelopes."""

from bot.sandbox import BotApiDouble

from .conftest import RawBotApi


async def test_get_me_answers_with_the_bot_in_the_ok_envelope(raw: RawBotApi) -> None:
    status, body = await raw("getMe")
    assert status == 200
    assert body == {
        "ok": True,
        "result": {
            "id": 123456,
            "is_bot": True,
            "first_name": "samenbot",
            "username": "samenbot_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        },
    }


async def test_method_names_are_case_insensitive(raw: RawBotApi) -> None:
    assert (await raw("GETME"))[0] == 200
    assert (await raw("getme"))[0] == 200


async def test_get_requests_with_query_parameters_work(raw: RawBotApi, api: BotApiDouble) -> None:
    status, body = await raw("getMyCommands", http_method="GET", language_code="nl")
    assert (status, body) == (200, {"ok": True, "result": []})


async def test_an_unknown_method_is_404_not_found(raw: RawBotApi) -> None:
    status, body = await raw("sendTelepathy", chat_id=1)
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_a_wrong_token_is_401_unauthorized(raw: RawBotApi) -> None:
    status, body = await raw("getMe", token="123456:WRONG")
    assert status == 401
    assert body == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_a_malformed_token_is_404_like_telegram(raw: RawBotApi) -> None:
    status, _ = await raw("getMe", token="not-a-token")
    assert status == 404


async def test_parameters_arrive_as_json_body_form_or_multipart(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna, bot_is_member=True)
    keyboard = {"inline_keyboard": [[{"text": "Ja", "callback_data": "ja"}]]}
    for encoding in ("form", "json", "multipart"):
        status, body = await raw(
            "sendMessage",
            encoding=encoding,
            chat_id=group.id,
            text=encoding,
            reply_markup=keyboard,
        )
        assert status == 200, body
        assert body["result"]["text"] == encoding
        assert body["result"]["reply_markup"] == keyboard
    assert [m.text for m in group.messages_from_bot] == ["form", "json", "multipart"]


async def test_calls_are_recorded_with_nested_objects_decoded(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    group = api.group("Noord", bot_is_member=True)
    await raw("sendMessage", chat_id=group.id, text="Hoi", reply_markup={"force_reply": True})
    method, params = api.calls[-1]
    assert method == "sendMessage"
    assert params == {
        "chat_id": str(group.id),
        "text": "Hoi",
        "reply_markup": {"force_reply": True},
    }


async def test_a_sent_message_is_a_complete_bot_api_message(
    raw: RawBotApi, api: BotApiDouble, clock
) -> None:
    group = api.group("Noord", bot_is_member=True)
    result = await raw.ok("sendMessage", chat_id=group.id, text="<b>Kaart 1</b>", parse_mode="HTML")
    assert result == {
        "message_id": 1,
        "from": api.bot.to_api(),
        "date": int(clock.now),
        "chat": {"id": group.id, "type": "group", "title": "Noord"},
        "text": "Kaart 1",
        "entities": [{"type": "bold", "offset": 0, "length": 7}],
    }


async def test_message_ids_increase_per_chat_from_one(raw: RawBotApi, api: BotApiDouble) -> None:
    noord = api.group("Noord", bot_is_member=True)
    oost = api.group("Oost", bot_is_member=True)
    ids = [
        (await raw.ok("sendMessage", chat_id=chat.id, text="x"))["message_id"]
        for chat in (noord, oost, noord)
    ]
    assert ids == [1, 1, 2]


async def test_uploaded_documents_can_be_downloaded_from_the_file_url(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    group = api.group("Noord", bot_is_member=True)
    docx = b"PK\x03\x04 pretend docx"
    message = await raw.ok(
        "sendDocument",
        files={"document": ("verslag.docx", docx, "application/octet-stream")},
        chat_id=group.id,
        caption="Verslag",
    )
    assert message["document"]["file_name"] == "verslag.docx"
    file = await raw.ok("getFile", file_id=message["document"]["file_id"])
    async with raw.session.get(f"{api.base_file_url}{api.token}/{file['file_path']}") as response:
        assert await response.read() == docx
    assert [(d.filename, d.data, d.caption) for d in group.documents] == [
        ("verslag.docx", docx, "Verslag")
    ]
