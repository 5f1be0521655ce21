"""Helpers for the gallery tests: a station's found case with its full record, a photo carrying
metadata, and the publication record exactly as the station's service builds it."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from conftest import World, auth, change
from PIL import Image

from app.core.gallery import PublishedChild, reference_of
from app.core.model import Sex
from app.core.verification import code_hash, new_code
from app.sync import gallery_records, protocol

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT.parent / "shared" / "examples" / "found_child.json"
PHONE = "0773-2825110"
SECRET_WORDS = ("王小明", "左耳后黑痣", "妈妈在买菜", "450305202109120012", "13907731234", "李警官", "张建国")
SISTER_SECRETS = ("王小红", "右膝盖有疤", "姐姐说家门口有条河", "450305201905230023")
SISTER = 2  # the sister's position in persons: behind the boy and an adult witness


def found_document(n: int = 0, *, siblings: bool = False) -> dict[str, Any]:
    """The example found child with everything a station holds that must never be published;
    with *siblings*, his older sister found with him (a found person of her own, at SISTER)
    behind a witness who is no found person."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    person = doc["persons"][0]
    person["name"] = "王小明"
    person["id_number"] = "450305202109120012"
    person["phone"] = "13907731234"
    person["statement"] = "说妈妈在买菜，家里有爷爷养的狗"
    doc["reporter"] = {"name": "张建国", "phone": "13907731234", "relation": "巡逻民警"}
    doc["summary"] = f"李警官在候车室发现 {n}"
    if siblings:
        doc["persons"].append({"role": "witness", "name": "候车室保洁员赵阿姨", "sex": "F"})
        doc["persons"].append({
            "role": "found", "name": "王小红", "sex": "F", "estimated_age": [6, 8],
            "id_number": "450305201905230023", "marks": "右膝盖有疤", "statement": "姐姐说家门口有条河",
        })  # fmt: skip
    return doc


def case_payload(doc: dict[str, Any], status: str = "open", code: str | None = None) -> dict[str, Any]:
    """A found case as the station pushes it (app.sync.protocol.cases.CaseRecord's shape)."""
    return {
        "type": "found",
        "case": doc,
        "status": status,
        "review": "approved",
        "officer": "li",
        "assigned_to": None,
        "created_at": "2026-11-26T06:00:00Z",
        "sample_numbers": [],
        "verification_hash": code_hash(code or new_code()),
        "void_reason": None,
        "review_comment": None,
    }


def photo_with_metadata(size: tuple[int, int] = (1200, 1600)) -> bytes:
    """A JPEG with GPS and camera data in its EXIF and a comment: what must never be published."""
    img = Image.new("RGB", size, (200, 120, 80))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "leaky-software"  # Software
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    exif[0x8825] = {1: "N", 2: (25.0, 15.0, 20.0), 3: "E", 4: (110.0, 18.0, 47.0)}  # GPS
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, comment=b"found at the station's back door")
    return out.getvalue()


def upload(world: World, credential: str, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    step = protocol.MAX_CHUNK_BYTES
    parts = [data[i : i + step] for i in range(0, len(data), step)]
    for i, part in enumerate(parts):
        headers = {**auth(credential), "X-Chunk-SHA256": protocol.chunk_sha256(part)}
        assert (
            world.client.put(f"/attachments/{sha}/chunks/{i}", content=part, headers=headers).status_code
            == 200
        )
    done = world.client.post(
        f"/attachments/{sha}/complete", json={"chunks": len(parts)}, headers=auth(credential)
    )
    assert done.status_code == 200, done.text
    return sha


def request_payload(
    case_no: str, photo: str, *, age: tuple[int, int] | None = (3, 5), sex: Sex = Sex.MALE,
    county: str = "450305", phone: str = PHONE, basis: str = "《未成年人保护法》第一百条；监护人未知",
    person: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    child = PublishedChild(
        reference=reference_of(case_no, person), sex=sex, age_min=age[0] if age else None,
        age_max=age[1] if age else None, found_on=dt.date(2026, 11, 26), county_code=county, station_phone=phone,
    )  # fmt: skip
    request = gallery_records.PublicationRequest(gallery_records.REQUESTED, basis, "zhang", "2026-11-27T01:00:00Z",
                                                 child=child, photo_sha256=photo, person=person)  # fmt: skip
    return request.to_payload()


def withdrawal_payload(reason: str = "家属已联系", person: int | None = None) -> dict[str, Any]:
    return gallery_records.PublicationRequest(
        gallery_records.WITHDRAWN, "", "zhang", "2026-11-28T01:00:00Z", reason=reason, person=person
    ).to_payload()


def publication_change(
    case_no: str, payload: dict[str, Any], base: int = 0, person: int | None = None
) -> dict[str, Any]:
    record_id = gallery_records.record_id(case_no, person)
    return change(record_id, base=base, payload=payload, record_type="publication")


def publish_siblings(world: World, credential: str, case_no: str) -> tuple[list[str], dict[str, Any]]:
    """A found case holding a boy and his sister pushed, a photo of each uploaded, both asked to
    be published (each its own publication record): (their references, the full record)."""
    record = case_payload(found_document(siblings=True))
    boy = upload(world, credential, photo_with_metadata())
    girl = upload(world, credential, photo_with_metadata((800, 1600)))
    sister = request_payload(case_no, girl, age=(6, 8), sex=Sex.FEMALE, person=SISTER)
    answer = world.push(
        credential,
        [
            change(case_no, payload=record),
            publication_change(case_no, request_payload(case_no, boy)),
            publication_change(case_no, sister, person=SISTER),
        ],
    )
    assert [r["status"] for r in answer.json()["results"]] == ["applied"] * 3, answer.text
    return [reference_of(case_no), reference_of(case_no, SISTER)], record


def publish(world: World, credential: str, case_no: str, **request: Any) -> tuple[str, dict[str, Any]]:
    """A found case pushed, its photo uploaded, publication requested: (reference, full record)."""
    record = case_payload(found_document())
    photo = upload(world, credential, photo_with_metadata())
    answer = world.push(
        credential,
        [
            change(case_no, payload=record),
            publication_change(case_no, request_payload(case_no, photo, **request)),
        ],
    )
    assert [r["status"] for r in answer.json()["results"]] == ["applied", "applied"], answer.text
    return reference_of(case_no), record
