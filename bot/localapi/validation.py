"""Telegram's own checks on outgoing text and keyboards, so tests catch what Telegram rejects.

Each check raises :class:`BadRequest` with the description Telegram itself uses, and the text
checks return the plain text (markup removed) that a client would display.
"""

from __future__ import annotations

import html
import re
from typing import Any

MAX_MESSAGE_CHARS = 4096
MAX_CAPTION_CHARS = 1024
MAX_CALLBACK_DATA_BYTES = 64

HTML_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>")
_HTML_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")


class BadRequest(Exception):
    """A request Telegram answers with 400 Bad Request."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = f"Bad Request: {description}"


def check_text(text: object, parse_mode: str | None, *, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Validate a message text or caption and return its displayed plain text."""
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("message text is empty")
    plain = strip_markup(text, parse_mode)
    if not plain.strip():
        raise BadRequest("message text is empty")
    if len(plain) > limit:
        raise BadRequest(
            "message is too long" if limit == MAX_MESSAGE_CHARS else "message caption is too long"
        )
    return plain


def strip_markup(text: str, parse_mode: str | None) -> str:
    """Parse ``text`` under ``parse_mode`` (raising like Telegram) and return the plain text."""
    if parse_mode is None or parse_mode == "":
        return text
    mode = parse_mode.lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown(text)
    raise BadRequest(f"unsupported parse_mode {parse_mode!r}")


def _parse_html(text: str) -> str:
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            match = _HTML_TAG.match(text, i)
            if not match:
                raise BadRequest(f"can't parse entities: Unsupported start tag at byte offset {i}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in HTML_TAGS:
                raise BadRequest(
                    f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {i}'
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise BadRequest(
                        f"can't parse entities: Unmatched end tag at byte offset {i}, "
                        f'expected "</{stack[-1] if stack else ""}>", found "</{name}>"'
                    )
                stack.pop()
            else:
                if name == "a" and "href" not in match.group(3):
                    raise BadRequest('can\'t parse entities: Tag "a" must have href attribute')
                stack.append(name)
            i = match.end()
        elif ch == "&":
            match = _HTML_ENTITY.match(text, i)
            if not match:
                raise BadRequest(
                    f"can't parse entities: Unsupported HTML entity at byte offset {i}"
                )
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif ch == ">":
            raise BadRequest(f"can't parse entities: Unexpected '>' at byte offset {i}")
        else:
            out.append(ch)
            i += 1
    if stack:
        raise BadRequest(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(out)


def _parse_markdown_v2(text: str) -> str:
    out: list[str] = []
    open_entities: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 >= n:
                raise BadRequest("can't parse entities: Text must not end with '\\'")
            out.append(text[i + 1])
            i += 2
            continue
        if ch == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = _find_unescaped(text, fence, i + len(fence))
            if end < 0:
                kind = "Pre" if fence == "```" else "Code"
                raise BadRequest(
                    f"can't parse entities: Can't find end of {kind} entity at byte offset {i}"
                )
            out.append(text[i + len(fence) : end].replace("\\`", "`").replace("\\\\", "\\"))
            i = end + len(fence)
            continue
        token = next((t for t in ("||", "__", "*", "_", "~") if text.startswith(t, i)), None)
        if token:
            if open_entities and open_entities[-1] == token:
                open_entities.pop()
            else:
                open_entities.append(token)
            i += len(token)
            continue
        if ch == "[":
            close = _find_unescaped(text, "](", i + 1)
            end = _find_unescaped(text, ")", close + 2) if close >= 0 else -1
            if close < 0 or end < 0:
                raise BadRequest(
                    f"can't parse entities: Can't find end of TextUrl entity at byte offset {i}"
                )
            out.append(_parse_markdown_v2(text[i + 1 : close]))
            i = end + 1
            continue
        if ch == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
            continue
        if ch in MDV2_RESERVED:
            raise BadRequest(
                f"can't parse entities: Character '{ch}' is reserved and must be escaped with "
                "the preceding '\\'"
            )
        out.append(ch)
        i += 1
    if open_entities:
        names = {
            "*": "Bold",
            "_": "Italic",
            "__": "Underline",
            "~": "Strikethrough",
            "||": "Spoiler",
        }
        raise BadRequest(
            f"can't parse entities: Can't find end of {names[open_entities[-1]]} entity"
        )
    return "".join(out)


def _find_unescaped(text: str, token: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(token, i):
            return i
        i += 1
    return -1


def _parse_markdown(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "*_`":
            fence = "```" if text.startswith("```", i) else ch
            end = text.find(fence, i + len(fence))
            if end < 0:
                raise BadRequest(
                    "can't parse entities: Can't find end of the entity starting at byte "
                    f"offset {i}"
                )
            out.append(text[i + len(fence) : end])
            i = end + len(fence)
        elif ch == "[":
            close = text.find("](", i)
            end = text.find(")", close) if close >= 0 else -1
            if close < 0 or end < 0:
                raise BadRequest(
                    "can't parse entities: Can't find end of the entity starting at byte "
                    f"offset {i}"
                )
            out.append(text[i + 1 : close])
            i = end + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def check_reply_markup(markup: object) -> dict[str, Any] | None:
    """Validate an inline or reply keyboard the way Telegram does."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise BadRequest("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise BadRequest(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                _check_inline_button(button)
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise BadRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
    elif not ({"remove_keyboard", "force_reply"} & markup.keys()):
        raise BadRequest("can't parse reply keyboard markup JSON object")
    return markup


def _check_inline_button(button: object) -> None:
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise BadRequest(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None:
        size = len(str(data).encode("utf-8"))
        if size == 0 or size > MAX_CALLBACK_DATA_BYTES:
            raise BadRequest("BUTTON_DATA_INVALID")
    elif not (
        {
            "url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
            "pay",
            "callback_game",
            "web_app",
            "login_url",
            "copy_text",
        }
        & button.keys()
    ):
        raise BadRequest(
            "can't parse inline keyboard button: InlineKeyboardButton must have "
            "exactly one optional field"
        )
