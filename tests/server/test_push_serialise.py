"""The stored text of a pushed payload (push._serialise) looks for NaN and Infinity only when the
encoded text holds an N or an I (issue 14's push throughput): every payload is stored, or refused
with the same words, as by the full search for the two words the code made before."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic_core import PydanticSerializationError, to_json

from app.sync import protocol
from bench.case_payloads import missing_case_payload
from server.services import push

_STRICT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
BODIES = [
    '{"a": 1}', '{"a": NaN}', '{"a": -Infinity}', '{"a": Infinity}', '{"a": 1e400}', '{"a": -1e400}',
    '{"a": "NaN"}', '{"a": "Infinity and NaN"}', '{"NaN": 1}', '{"a": "N", "b": "I"}', '{"a": [1.5, 2e-7]}',
    '{"a": 123456789012345678901234567890}', '{"a": {"b": [NaN]}}', '{"a": "\\ud800"}', '{"a": "寿光 NIN"}',
    '{"I": "x", "b": 1e-400}', '{"a": null, "b": true}',
]  # fmt: skip


def _before(change: protocol.Change) -> tuple[str | None, str | None]:
    """The search as it was: both words looked for in every payload's text."""
    try:
        raw = to_json(change.payload)
    except (PydanticSerializationError, ValueError, RecursionError, TypeError):
        raw = b"NaN"
    if b"NaN" in raw or b"Infinity" in raw:
        try:
            raw = _STRICT.encode(change.payload).encode("utf-8")
        except (ValueError, RecursionError, UnicodeEncodeError, TypeError):
            return None, "payload is not storable JSON (NaN, lone surrogate or too deep)"
    if len(raw) > protocol.MAX_PAYLOAD_BYTES:
        return None, f"payload is larger than {protocol.MAX_PAYLOAD_BYTES} bytes"
    return raw.decode("utf-8"), None


def _change(payload: Any) -> protocol.Change:
    return protocol.Change("0" * 8 + "-0000-4000-8000-" + "0" * 12, "note", "x", 0, payload, "")


@pytest.mark.parametrize("body", BODIES)
def test_a_payload_is_stored_or_refused_as_before(body: str) -> None:
    payload = json.loads(body)  # as the body's ordinary reading decodes it (NaN, 1e400, a lone surrogate)
    change = _change(payload)
    assert push._serialise(change) == _before(change)


def test_a_case_payload_is_stored_as_before() -> None:
    change = _change(missing_case_payload())
    text, problem = push._serialise(change)
    assert problem is None and (text, problem) == _before(change)
