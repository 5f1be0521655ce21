"""The gallery as the public reads it: published children only, the published fields only.

Every public page and the JSON are built from :class:`PublicChild`, which holds exactly the
published fields; the queries select those columns and nothing else (never the case number, the
legal basis or who asked). A child is shown only while its entry is ``published`` and its
station is not revoked; a withdrawal, a reunion or a void changes the entry in the transaction
that brings it, so the next request no longer finds the child. Read-only; any request thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import regions
from server.storage.public_tables import PUBLISHED, GalleryEntry, GalleryPhoto
from server.storage.tables import Station

PER_PAGE = 24
MAX_PAGE = 10_000
PUBLIC_FIELDS = ("reference", "sex", "age", "found_on", "found_in", "station_phone", "photo")


@dataclass(frozen=True)
class Filters:
    """What the family chose: a province (GB/T 2260 code), a sex, an age range (years, when found)."""

    province: str | None = None
    sex: str | None = None
    age_from: int | None = None
    age_to: int | None = None


@dataclass(frozen=True)
class PublicChild:
    """One published child: the gallery's only view of an entry."""

    reference: str
    sex: str
    age_min: int | None
    age_max: int | None
    found_on: dt.date
    county_code: str
    station_phone: str

    def found_in(self) -> dict[str, str]:
        county = regions.lookup(self.county_code)
        province = regions.province_of(self.county_code)
        return {
            "code": self.county_code,
            "name": county.full_name if county else self.county_code,
            "province": province.code if province else "",
        }

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``/gallery.json``: :data:`PUBLIC_FIELDS`, no more."""
        return {
            "reference": self.reference,
            "sex": self.sex,
            "age": None if self.age_min is None else [self.age_min, self.age_max],
            "found_on": self.found_on.isoformat(),
            "found_in": self.found_in(),
            "station_phone": self.station_phone,
            "photo": f"/gallery/photos/{self.reference}.jpg",
        }


_COLUMNS = (
    GalleryEntry.reference,
    GalleryEntry.sex,
    GalleryEntry.age_min,
    GalleryEntry.age_max,
    GalleryEntry.found_on,
    GalleryEntry.county_code,
    GalleryEntry.station_phone,
)


def _visible(query: Any, filters: Filters) -> Any:  # a Select of any columns (SQLAlchemy types them)
    # A revoked station's children are hidden. Written as NOT IN over the (few) revoked stations
    # rather than a join, so the newest-first page is read straight off ix_gallery_entries_published.
    revoked = select(Station.id).where(Station.revoked_at.is_not(None))
    query = query.where(GalleryEntry.state == PUBLISHED, GalleryEntry.station_id.not_in(revoked))
    if filters.province:
        query = query.where(GalleryEntry.province_code == filters.province)
    if filters.sex:
        query = query.where(GalleryEntry.sex == filters.sex)
    if filters.age_from is not None:
        query = query.where(GalleryEntry.age_max >= filters.age_from)
    if filters.age_to is not None:
        query = query.where(GalleryEntry.age_min <= filters.age_to)
    return query


def page(session: Session, filters: Filters, number: int) -> tuple[list[PublicChild], int]:
    """(the children on page *number* (1-based), how many match in all), newest first."""
    total = session.scalar(_visible(select(func.count(GalleryEntry.id)), filters)) or 0
    rows = session.execute(
        _visible(select(*_COLUMNS), filters)
        .order_by(GalleryEntry.published_at.desc(), GalleryEntry.id.desc())
        .offset((min(max(number, 1), MAX_PAGE) - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return [_child(r) for r in rows], int(total)


def _child(row: Any) -> PublicChild:
    return PublicChild(*row)


def child(session: Session, reference: str) -> PublicChild | None:
    """The published child with this reference, or None (unknown, withdrawn or removed)."""
    row = session.execute(
        _visible(select(*_COLUMNS), Filters()).where(GalleryEntry.reference == reference)
    ).first()
    return _child(row) if row else None


def photo(session: Session, reference: str) -> tuple[bytes, str] | None:
    """(JPEG, ETag) of a published child's photo, or None."""
    row = session.execute(
        _visible(select(GalleryPhoto.jpeg, GalleryPhoto.etag).select_from(GalleryEntry), Filters())
        .join(GalleryPhoto, GalleryPhoto.entry_id == GalleryEntry.id)
        .where(GalleryEntry.reference == reference)
    ).first()
    return (bytes(row[0]), str(row[1])) if row else None


def provinces() -> list[regions.Region]:
    """Every province-level division, by code: the province filter's choices."""
    return sorted(
        (r for r in (regions.lookup(f"{n:02d}0000") for n in range(10, 83)) if r is not None),
        key=lambda r: r.code,
    )
