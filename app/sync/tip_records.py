"""The tip delivery (server → station): what a member of the public wrote under a gallery child
("I may know this child"), delivered to the owning station on its next pull.

Pull kind ``tip`` (in :data:`app.sync.protocol.PULL_KINDS`), record type ``tip``, record id
``{case_no}/t/{uuid}``, revision 1 (a tip is never changed). The payload is
:meth:`TipDelivery.to_payload`; the station reads it with :meth:`TipDelivery.from_payload`, which
answers None for anything malformed (the item is then skipped, never half-stored). Standard
library only.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KIND = "tip"
RECORD_TYPE = "tip"
MAX_NAME = 50
MAX_PHONE = 30
MAX_MESSAGE = 2000
LANGS = ("zh_CN", "en")
_ID = re.compile(
    r"^([0-9]{9}-[0-9]{4}-[0-9]{6})/t/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)


def new_record_id(case_no: str) -> str:
    return f"{case_no}/t/{uuid.uuid4()}"


@dataclass(frozen=True, slots=True)
class TipDelivery:
    """One tip as the station receives it. ``received_at`` is the server's clock (UTC)."""

    record_id: str
    case_no: str
    reference: str
    name: str
    phone: str
    message: str
    received_at: str
    lang: str

    def to_payload(self) -> dict[str, Any]:
        return {
            "case_no": self.case_no,
            "reference": self.reference,
            "name": self.name,
            "phone": self.phone,
            "message": self.message,
            "received_at": self.received_at,
            "lang": self.lang,
        }

    @classmethod
    def from_payload(cls, record_id: str, payload: Mapping[str, Any]) -> TipDelivery | None:
        """The pulled item as a tip, or None when it is not one (wrong id, field or size)."""
        m = _ID.match(record_id)
        limits = {"name": MAX_NAME, "phone": MAX_PHONE, "message": MAX_MESSAGE, "reference": 20,
                  "received_at": 40, "case_no": 22, "lang": 8}  # fmt: skip
        values = {k: payload.get(k) for k in limits}
        if m is None or values["case_no"] != m.group(1):
            return None
        if not all(isinstance(v, str) and len(v) <= limits[k] for k, v in values.items()):
            return None
        if values["lang"] not in LANGS or not str(values["message"]).strip():
            return None
        return cls(record_id=record_id, **{k: str(v) for k, v in values.items()})
