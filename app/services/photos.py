"""Photos of the persons of a case: imported from a file, scaled, kept encrypted in the store.

An imported picture is turned upright (EXIF orientation), stripped of its metadata (GPS, camera
serial), scaled to at most 1600 px on its longer side and re-encoded as JPEG, with a small
thumbnail for lists. The store is SQLCipher, so nothing readable touches the disk. Preparing is
pure (any thread); storing and reading run on the store's owning thread. Audits ``photo.add``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import case_repository as cases_repo
from app.storage import photo_repository as repo

MAX_SIDE = 1600
THUMB_SIDE = 160
JPEG_QUALITY = 85
MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 80_000_000  # a 10,000 × 8,000 scan; anything bigger is refused, not decoded

PHOTO_MESSAGES: dict[str, tuple[str, str]] = {
    "photo_unreadable": ("无法读取图片文件：{why}", "cannot read the picture file: {why}"),
    "photo_not_image": ("不是可识别的图片（支持 JPEG、PNG、BMP、GIF、WebP）",
                        "not a picture this program can read (JPEG, PNG, BMP, GIF, WebP)"),
    "photo_too_large": ("图片太大（最大 40 MB，8000 万像素）", "the picture is too large (40 MB, 80 megapixels at most)"),
    "photo_case_unknown": ("没有案件 {case_no}", "there is no case {case_no}"),
    "photo_person_unknown": ("案件中没有此人：{ref}", "the case has no person {ref}"),
}  # fmt: skip


class PhotoError(ServiceError):
    """A picture the officer chose cannot be used; ``text(lang)`` says why in their language."""

    messages = PHOTO_MESSAGES


@dataclass(frozen=True, slots=True)
class PreparedPhoto:
    """A scaled JPEG ready to store (or to keep in a draft)."""

    data: bytes
    thumbnail: bytes
    width: int
    height: int
    sha256: str
    mime: str = "image/jpeg"


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    """A stored photo as lists show it: the thumbnail and who added it when."""

    id: int
    person_position: int
    width: int
    height: int
    thumbnail: bytes
    created_at: str
    created_by: str


def _jpeg(image: Image.Image, side: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), copy.width, copy.height


def thumbnail_of(data: bytes) -> bytes:
    """The list thumbnail of a stored picture (a rebuilt station has the picture, not its thumbnail)."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            return _jpeg(opened.convert("RGB"), THUMB_SIDE)[0]
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise PhotoError("photo_not_image") from None


def prepare_photo(raw: bytes) -> PreparedPhoto:
    """Decode, turn upright, strip metadata, scale and re-encode a picture. Raises PhotoError."""
    if len(raw) > MAX_FILE_BYTES:
        raise PhotoError("photo_too_large")
    try:
        with Image.open(io.BytesIO(raw)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise PhotoError("photo_too_large")
            opened.seek(0)
            upright = ImageOps.exif_transpose(opened)
            if upright.mode in ("RGBA", "LA", "P"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
                upright = flat
            else:
                upright = upright.convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise PhotoError("photo_not_image") from None
    data, width, height = _jpeg(upright, MAX_SIDE)
    thumb, _, _ = _jpeg(upright, THUMB_SIDE)
    return PreparedPhoto(data, thumb, width, height, hashlib.sha256(data).hexdigest())


def prepare_photo_file(path: Path) -> PreparedPhoto:
    """Read and prepare a picture file (the officer's choice in a file dialog)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PhotoError("photo_too_large")
        raw = path.read_bytes()
    except OSError as exc:
        raise PhotoError("photo_unreadable", why=exc.strerror or type(exc).__name__) from None
    return prepare_photo(raw)


def add_photos(
    session: Session, case_no: str, person_position: int, photos: list[PreparedPhoto]
) -> list[int]:
    """Store prepared photos of one person of a case (-1: the reporter), in one transaction.

    The same image twice for the same person is stored once. Returns the new photo ids.
    Audits ``photo.add`` per photo (the hash, never the picture).
    """
    now = cases_repo.utc(dt.datetime.now(dt.UTC))
    ids: list[int] = []
    with session.store.unit_of_work() as uow:
        reg = cases_repo.load_case(uow.conn, case_no)
        case_id = cases_repo.case_id_of(uow.conn, case_no)
        if reg is None or case_id is None:
            raise PhotoError("photo_case_unknown", case_no=case_no)
        from app.services.transfers import refuse_if_held_elsewhere  # issue 14: a read-only copy

        refuse_if_held_elsewhere(uow.cursor, case_no)
        if person_position == -1 and reg.case.reporter is None or person_position >= len(reg.case.persons):
            raise PhotoError("photo_person_unknown", ref=str(person_position))
        if person_position < -1:
            raise PhotoError("photo_person_unknown", ref=str(person_position))
        for p in photos:
            if repo.exists(uow.cursor, case_id, person_position, p.sha256):
                continue
            ids.append(repo.insert(
                uow.cursor, case_id, person_position, sha256=p.sha256, mime=p.mime, width=p.width,
                height=p.height, data=p.data, thumbnail=p.thumbnail, created_at=now, created_by=session.user,
            ))  # fmt: skip
            uow.audit.record(
                session.user, "photo.add", case_no, detail=f"person={person_position} sha256={p.sha256[:16]}"
            )
        uow.commit()
    return ids


def list_photos(session: Session, case_no: str) -> list[PhotoInfo]:
    """The photos of a case (thumbnails), by person then in the order they were added."""
    with session.store.reader() as conn:
        rows = repo.list_for_case(conn, case_no)
    return [
        PhotoInfo(r.id, r.person_position, r.width, r.height, r.thumbnail, r.created_at, r.created_by)
        for r in rows
    ]


def photo_data(session: Session, photo_id: int) -> bytes | None:
    """The full (scaled) JPEG of one photo, or None."""
    with session.store.reader() as conn:
        row = repo.get(conn, photo_id)
    return None if row is None else row.data


def first_photo_of(session: Session, case_no: str, person_position: int) -> bytes | None:
    """The first photo of one person of a case (the poster uses it), or None."""
    for info in list_photos(session, case_no):
        if info.person_position == person_position:
            return photo_data(session, info.id)
    return None
