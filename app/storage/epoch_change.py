"""A new epoch: the national server was restored from a backup (``xunren-server mark-restored``).

The restored server hands out sequence numbers again from its backup's highest, below what the
station already pulled, and its revisions of alerts and referrals go on from the backup's. So on
the first answer of the new epoch the station sends again everything the server acknowledged
(the change ids stay: what the server still holds answers as before), pulls from the start,
forgets what it pulled from the old epoch (the new one's items take those sequence numbers), and
takes every alert, referral, tip and national candidate in again from the start, the new epoch's
word over the old one's: what it imported keeps its state until the new epoch says otherwise.
"""

from __future__ import annotations

from app.storage import match_repository, sync_state
from app.storage.cursor import Cursor

# Where each import of pulled items stands (the sequence number it took last).
ALERT_POSITION = "alerts.seq"
REFERRAL_POSITION = "referrals.seq"
TIP_POSITION = "gallery.tip_seq"
NATIONAL_MATCH_POSITION = "match.national_seq"  # kept in ``settings``, the others in ``sync_state``
EPOCH_STARTED = "epoch.started"  # the server's time in the first answer of the epoch held now


def start_new_epoch(cursor: Cursor, server_time: str) -> int:
    """Start over with a restored server inside the write that saw its new epoch (*server_time*:
    that answer's time; an answer of another epoch made before it is an old one); returns how
    many acknowledged changes are queued again."""
    sync_state.put(cursor, EPOCH_STARTED, server_time)
    resent = sync_state.requeue_sent(cursor)
    sync_state.put(cursor, sync_state.CURSOR, "0")
    cursor.execute("DELETE FROM pulled_items")
    for key in (ALERT_POSITION, REFERRAL_POSITION, TIP_POSITION):
        sync_state.put(cursor, key, "0")
    match_repository.set_setting(cursor, NATIONAL_MATCH_POSITION, "0")
    # Revisions of the old epoch are not comparable with the new one's: any delivery of the new
    # epoch replaces what is held (in the order the new epoch gives them).
    cursor.execute("UPDATE child_alerts SET revision = 0")
    cursor.execute("UPDATE referrals SET revision = 0")
    return resent
