"""The published photo of a gallery child: decoded from the station's attachment, turned upright,
resized and re-encoded as a fresh JPEG that carries no metadata (no EXIF, GPS, ICC or comments).

The station already strips its photos, but what the public sees must not depend on that: the
server decodes the pixels itself, under a pixel limit (a decompression bomb is refused before it
is decoded), and writes only pixels.
"""

from __future__ import annotations

import hashlib
import io
import warnings

from PIL import Image, ImageOps
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.storage.tables import Attachment, AttachmentChunk

MAX_SIDE = 480  # enough to recognise a face on a phone; small enough for a fast page
MAX_SOURCE_PIXELS = 50_000_000
QUALITY = 82


class PhotoUnusable(ValueError):
    """The attachment is missing, incomplete, or not a picture the server will publish."""


def source_bytes(session: Session, station_id: int, sha256: str) -> bytes:
    """The whole attachment as the station uploaded it; PhotoUnusable when it is not complete."""
    upload = session.get(Attachment, (station_id, sha256))
    if upload is None or not upload.complete:
        raise PhotoUnusable("the photo has not fully reached the server yet")
    parts = session.scalars(
        select(AttachmentChunk.data)
        .where(AttachmentChunk.station_id == station_id, AttachmentChunk.sha256 == sha256)
        .order_by(AttachmentChunk.idx)
    ).all()
    data = b"".join(parts)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise PhotoUnusable("the stored photo does not match its SHA-256")
    return data


def publishable_jpeg(data: bytes) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height) of the picture in *data*, at most MAX_SIDE on its longer side,
    upright, RGB, with no metadata at all. Raises PhotoUnusable for anything else."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.width * img.height > MAX_SOURCE_PIXELS:
                    raise PhotoUnusable("the photo has too many pixels")
                img.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))  # JPEG: decode at a reduced scale
                upright = ImageOps.exif_transpose(img)
                rgb = upright.convert("RGB")
    except PhotoUnusable:
        raise
    except Exception as exc:  # Pillow raises many kinds for damaged or hostile files
        raise PhotoUnusable(f"the photo cannot be decoded ({type(exc).__name__})") from None
    rgb.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", rgb.size)  # a new image: nothing of the source's info dict follows
    clean.paste(rgb)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue(), clean.width, clean.height
