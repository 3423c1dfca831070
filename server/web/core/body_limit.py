"""Refuses request bodies over a size limit with 413, counting the bytes as they arrive."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.web.core.errors import render_error


class BodyTooLarge(Exception):
    """Raised from `receive` once a body passes its limit; answered here with 413."""


class BodyLimit:
    """Pure ASGI middleware: a body larger than `max_bytes` (or the larger limit of its path)
    is refused, whether it declares its length (refused before it is read) or arrives in
    chunks (refused at the chunk that passes the limit)."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.max_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self.refuse(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:  # too late for a status; the server closes the connection
                raise
            await self.refuse(scope, receive, send, limit)

    async def refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        request = Request(scope, receive)
        message = (
            f"The request is larger than {_size(limit)}, the most Steward accepts here; "
            "send less at a time."
        )
        response = render_error(request, 413, message)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    """The declared length; a malformed one counts as too large."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            digits = text.isascii() and text.isdigit() and len(text) <= 18
            return int(text) if digits else 1 << 62
    return None


def _size(limit: int) -> str:
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    if limit % 1024 == 0:
        return f"{limit // 1024} KB"
    return f"{limit:,} bytes"
