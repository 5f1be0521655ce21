"""The photo record: what the server knows of a picture whose bytes travel as an attachment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.sync.protocol import reading

MIME_TYPES = ("image/jpeg", "image/png", "image/webp")


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """Record type ``photo`` (id derived from case and content): the attachment's SHA-256, its
    size and kind, and whose picture it is (a person's index or ``"reporter"``)."""

    sha256: str
    mime: str
    width: int
    height: int
    size: int
    person: int | str
    created_at: str

    RECORD_TYPE = "photo"

    def to_payload(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "mime": self.mime, "width": self.width, "height": self.height,
                "size": self.size, "person": self.person, "created_at": self.created_at}  # fmt: skip

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> PhotoRecord:
        r = reading.Reader(payload, "photo")
        return cls(
            r.hex64("sha256"), r.text("mime"), r.integer("width"), r.integer("height"),
            r.integer("size"), r.holder("person"), r.text("created_at", default=""),
        )  # fmt: skip
