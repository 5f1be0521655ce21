"""The station's side of the USB path: write the outbox as a sealed bundle for the server, and
apply the server's sealed answer.

Applying is idempotent: an answer marks only entries still waiting, stores only pulled items
past the station's cursor, and never moves the cursor back, so importing any answer twice (or
an older one after a newer) changes nothing; an older answer from before the server was restored
(another epoch) is refused, so it never takes the station back to the old epoch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.storage import epoch_change
from app.storage import sync_state as st
from app.storage.audit import now_utc
from app.storage.cursor import Cursor
from app.storage.numbering import raise_numbers
from app.sync import outgoing, protocol, sealed, transfer_intake
from app.sync.sealed import BundleRefused, KeyPair

STATION_KEYS = "station_bundle_keys"  # sync_state key: the station's KeyPair as JSON
ANSWER_MADE = "bundle.answer_made"  # sync_state key: when the newest answer applied was made


def station_keys(c: Cursor) -> KeyPair:
    """The station's bundle keys, made on first use (inside the caller's write transaction)."""
    text = st.get(c, STATION_KEYS)
    if text:
        data = json.loads(text)
        return KeyPair(data["box_seed"], data["sign_seed"])
    keys = KeyPair.new()
    st.put(c, STATION_KEYS, json.dumps({"box_seed": keys.box_seed, "sign_seed": keys.sign_seed}))
    return keys


def server_key(c: Cursor) -> tuple[str, str]:
    """The server's (box, signing) public keys, from ``xunren enroll --bundle-key``."""
    box, sign = st.get(c, st.SERVER_BOX_KEY), st.get(c, st.SERVER_SIGN_KEY)
    if not box or not sign:
        raise BundleRefused("no_server_key", "the server's bundle key is unknown: enrol with --bundle-key")
    return box, sign


def parse_server_key(text: str) -> tuple[str, str]:
    """``xk1.{X25519 public hex}.{Ed25519 public hex}`` as printed by `xunren-server bundle key`."""
    parts = text.strip().split(".")
    if len(parts) != 3 or parts[0] != "xk1" or any(len(p) != 64 for p in parts[1:]):
        raise BundleRefused("key_format", "a bundle key looks like xk1.<64 hex>.<64 hex>")
    try:
        bytes.fromhex(parts[1] + parts[2])
    except ValueError:
        raise BundleRefused("key_format", "a bundle key looks like xk1.<64 hex>.<64 hex>") from None
    return parts[1], parts[2]


def export_outbox(c: Cursor, station: str, screening_since: int | None = None) -> tuple[bytes, int]:
    """(bundle bytes, number of changes): every waiting change, sealed for the server and
    signed by the station. Runs in a write transaction (the keys may be made here)."""
    keys = station_keys(c)
    box, _sign = server_key(c)
    credential = st.get(c, st.CREDENTIAL)
    if not credential:
        raise BundleRefused("not_enrolled", "the station is not enrolled")
    changes: list[dict[str, Any]] = []
    after = 0
    while page := st.waiting_page(c, after, 5000):
        changes.extend(
            {"change_id": e.change_id, "record_type": e.record_type, "record_id": e.record_id,
             "base_revision": e.base_revision, "payload": json.loads(e.payload), "created_at": e.created_at}
            for e in page
        )  # fmt: skip
        after = page[-1].id
    head = outgoing.head_to_send(c)  # recorded as sent: the bundle may reach the server unanswered
    body: dict[str, Any] = {
        "station": station, "credential": credential, "station_box": keys.box_public(),
        "created_at": now_utc(), "epoch": st.get(c, st.EPOCH), "changes": changes,
        "audit_head": None if head is None else head.to_json(),
    }  # fmt: skip
    if screening_since is not None:  # issue 15: the answer carries the national index from there
        body["screening_since"] = screening_since
    token = st.get(c, st.ENROL_TOKEN)
    if token:  # enrolled by package: the server takes the token with this bundle
        body["enrol_token"] = token
        del body["credential"]
    return sealed.seal(body, kind="station", station=station, reader_box_public=box, writer=keys), len(
        changes
    )


@dataclass(frozen=True, slots=True)
class Applied:
    acknowledged: int
    refused: int
    pulled: int
    audit_refused: str | None = None  # the server's witnessed head is not in this chain (why)
    screening: dict[str, Any] | None = None  # issue 15: the national index answer it carried


def apply_answer(c: Cursor, station: str, data: bytes) -> Applied:
    """Verify, decrypt and apply the server's answer inside the caller's write transaction."""
    keys = station_keys(c)
    _box, sign = server_key(c)
    body = sealed.open_(data, kind="server", reader=keys, writer_sign_public=sign)
    if body.get("station") != station:
        raise BundleRefused(
            "wrong_station", f"this answer is for station {body.get('station')}, not {station}",
            theirs=str(body.get("station")), ours=station,
        )  # fmt: skip
    known = st.get(c, st.EPOCH)
    made, newest = str(body["server_time"]), st.get(c, ANSWER_MADE) or ""
    if known is not None and known != body["epoch"]:
        # before the newest answer imported, or the first of the epoch held now (it may have come
        # over the network): ISO 8601 UTC times with Z compare as text
        if made < max(newest, st.get(c, epoch_change.EPOCH_STARTED) or ""):
            raise BundleRefused(
                "answer_before_restore",
                "this answer was made before the server was restored from a backup,"
                " and a newer answer is imported already: it changes nothing",
            )
        epoch_change.start_new_epoch(c, made)  # the server was restored: resend what it may have lost
    st.put(c, ANSWER_MADE, max(made, newest))
    st.put(c, st.EPOCH, body["epoch"])
    sent = refused = 0
    stamp = now_utc()
    for r in body["results"]:
        if r["status"] == "applied":
            sent += st.mark_change_sent(c, str(r["change_id"]), stamp)
        else:
            reason = f"{r['reason']}: {r['detail']}" if r.get("detail") else str(r["reason"])
            refused += st.mark_change_refused(c, str(r["change_id"]), reason)
    cursor = int(st.get(c, st.CURSOR) or 0)
    fresh = [i for i in body["items"] if int(i["seq"]) > cursor]
    if fresh:
        rows = [
            (i["seq"], i["kind"], i["record_type"], i["record_id"], i["revision"], i["payload"])
            for i in fresh
        ]
        st.store_pulled(c, rows, stamp)
        transfer_intake.apply_pulled(c, rows)  # issue 14: a transfer takes effect with its answer
    if int(body["cursor"]) > cursor:
        st.put(c, st.CURSOR, str(int(body["cursor"])))
    raise_numbers(c, protocol.numbers_from_json(body.get("numbers")))
    st.put(c, st.ENROL_TOKEN, None)  # an answer exists only once a bundle was accepted: the token is taken
    audit_refused = _note_witnessed(c, body.get("witness"), stamp)
    if sent or refused or fresh:
        st.put(c, st.LAST_SUCCESS, str(body["server_time"]))
    screening = body.get("screening")
    return Applied(
        sent, refused, len(fresh), audit_refused, screening if isinstance(screening, dict) else None
    )


def _note_witnessed(c: Cursor, witness: Any, at: str) -> str | None:
    """The server's witnessed head, from its answer: acknowledged when this chain still holds it
    (as ``audit verify`` checks); a chain that no longer does is shown as refused, unless a
    restore waits to be declared by the next bundle (the answer predates it)."""
    if not isinstance(witness, dict) or not isinstance(witness.get("seq"), int) or not witness.get("hash"):
        return None  # an older server, or nothing witnessed yet
    point = (int(witness["seq"]), str(witness["hash"]))
    mine = outgoing.own_entry(c, point[0])
    if mine == point:
        outgoing.note_witness(c, protocol.WitnessAnswer(True, point[0], point[1]), at)
    elif st.get_point(c, st.RESTORE_DECLARED) is None:
        reason = protocol.AUDIT_SHORTENED if mine is None else protocol.AUDIT_REWRITTEN
        outgoing.note_witness(c, protocol.WitnessAnswer(False, point[0], point[1], reason), at)
        return reason
    return None
