"""Request bodies over the size limit get 413 before they are read whole.

A declared ``Content-Length`` over the limit is refused at once, without
reading a byte; a body without one (chunked) is counted while it streams in
and refused the moment it passes the limit.  The limit is the read stage's
(``MAX_INPUT_BYTES``): the server accepts nothing ``onrecord extract`` would refuse.
"""

from __future__ import annotations

import json

from fastapi import HTTPException


class BodyTooLarge(HTTPException):
    """Raised from inside ``receive``: an ``HTTPException`` so that FastAPI's
    body parsing passes it through unchanged (it turns other errors into 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the {limit:,}-byte limit; "
                              "send a smaller page (or split a batch into several requests)")


class BodyLimit:
    """ASGI middleware enforcing ``limit`` bytes per request body."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._refuse(send, 400, "the Content-Length header is not a number")
                return
            if size > self.limit:
                await self._refuse(send, 413, BodyTooLarge(self.limit).detail)
                return
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)

    @staticmethod
    async def _refuse(send, status: int, message: str) -> None:
        body = json.dumps({"error": {"status": status, "message": message}}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
