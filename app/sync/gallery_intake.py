"""A publication record the server holds, written into the station's gallery list: the rebuild
puts back what the station asked before it lost its disk, and a transfer's completion brings
the publication of a found child the station takes over (issue 14), so that its gallery shows
the child and its supervisors may withdraw it. Runs on the caller's cursor, inside its write
transaction; the record's revision is kept by the caller, as for every record it writes.
"""

from __future__ import annotations

from app.core.gallery import reference_of
from app.storage import gallery_repository
from app.storage.cursor import Cursor
from app.sync import gallery_records


def keep_publication(c: Cursor, case_no: str, asked: gallery_records.PublicationRequest) -> None:
    """The gallery list's row as the record last asked. A withdrawal's record no longer carries
    who asked first and when (the server keeps the newest revision): the withdrawal's stand in."""
    reference = asked.child.reference if asked.child is not None else reference_of(case_no, asked.person)
    gallery_repository.save_request(
        c, case_no, reference, asked.legal_basis, asked.by, asked.at, asked.person
    )
    if asked.state == gallery_records.WITHDRAWN:
        gallery_repository.save_withdrawal(c, case_no, asked.by, asked.at, asked.reason, asked.person)
