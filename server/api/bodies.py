"""Request bodies read with a bound, gzip-decoded where the sender says so."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from server.services.errors import Refused, TooLarge


async def read_bounded(request: Request, limit: int) -> bytes:
    """The body, at most ``limit`` bytes after gzip decoding; 413 past it, 400 for bad gzip."""
    raw = bytearray()
    async for part in request.stream():
        raw += part
        if len(raw) > limit:
            raise TooLarge("batch_too_large", f"the body is larger than {limit} bytes")
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        return bytes(raw)
    if encoding != "gzip":
        raise Refused("bad_encoding", "Content-Encoding must be gzip or identity")
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        body = inflater.decompress(bytes(raw), limit + 1)
    except zlib.error:
        raise Refused("bad_encoding", "the gzip body cannot be decoded") from None
    if len(body) > limit or inflater.unconsumed_tail:
        raise TooLarge("batch_too_large", f"the decoded body is larger than {limit} bytes")
    if not inflater.eof:
        raise Refused("bad_encoding", "the gzip body is truncated")
    return body


class _BoundedRequest(Request):
    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            self._body = await read_bounded(self, self.app.state.settings.max_batch_bytes)
        return self._body


class BoundedBodyRoute(APIRoute):
    """A route whose JSON body is size-bounded and may arrive gzip-encoded."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def bounded(request: Request) -> Response:
            bounded_request = _BoundedRequest(request.scope, request.receive)
            await bounded_request.body()  # refuse before FastAPI turns our 413 into a parse error
            return await handler(bounded_request)

        return bounded
