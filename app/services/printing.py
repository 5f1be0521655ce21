"""Printing: a case's forms as PDF bytes or a file, the recovery sheet, the caseload report.

Every print is audited (``print``, with the form's name; a refused print with outcome
``refused``), because a printed intake record or poster carries personal data out of the store.
Files are written atomically: a reader never finds a half-written PDF under the name asked for.
Rendering reads the store and runs on the store's owning thread (the CLI's main thread or the
UI's database worker); :func:`rasterize` turns PDF pages into pixels for a print preview.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.model import CaseStatus, CaseType, RegisteredCase, ReviewState, Role
from app.forms import FORMS, CaseloadRow, FormNotApplicable, render_caseload
from app.forms import render_recovery_sheet as _render_recovery
from app.services.errors import ServiceError
from app.services.paths import check_output
from app.services.session import Session
from app.storage import case_queries
from app.storage import case_repository as repo
from app.storage.atomic import write_atomic
from app.storage.case_repository import parse_utc

CASE_FORMS = tuple(FORMS)  # intake, receipt, dna, poster, transfer
PRINT_MESSAGES: dict[str, tuple[str, str]] = {
    "receipt_code_not_held": (
        "案件 {case_no} 是从服务器重建的，本站没有其查询码（服务器只存校验值）：家属所持回执仍然有效",
        "case {case_no} was rebuilt from the server and this station does not hold its verification code "
        "(the server keeps only its hash): the family's receipt still works",
    ),
    "form_unknown": ("没有名为“{form}”的表格（可选：{allowed}）", "there is no form {form} (choose one of: {allowed})"),
    "recovery_gone": ("恢复密钥只在初始化时显示一次，现已无法打印",
                      "the recovery key is shown only once, at setup; it can no longer be printed"),
}  # fmt: skip


_PDFIUM = threading.Lock()


class PrintError(ServiceError):
    """A print the user asked for cannot be made; ``text(lang)`` says why."""

    messages = PRINT_MESSAGES


class NotApplicable(ServiceError):
    """The form does not fit the case (a poster for a trafficking incident)."""

    def __init__(self, cause: FormNotApplicable) -> None:
        self.key = "form_not_applicable"
        self.params = {}
        self.cause = cause
        Exception.__init__(self, cause.text("en"))

    def text(self, lang: str = "zh_CN") -> str:
        return self.cause.text(lang)


def _load(session: Session, case_no: str) -> RegisteredCase:
    """The case as a form prints it: the officers named by full name and badge number, not by
    their logon names."""
    from dataclasses import replace

    from app.storage.station_repository import get_account

    with session.store.reader() as conn:
        reg = repo.load_case(conn, case_no)
        if reg is None:
            raise ServiceError("case_unknown", case_no=case_no)
        officer = get_account(conn, reg.officer)
        assigned = get_account(conn, reg.assigned_to) if reg.assigned_to else None
    return replace(
        reg,
        officer=officer.signature() if officer else reg.officer,
        assigned_to=assigned.signature() if assigned else reg.assigned_to,
    )


def _audit(session: Session, obj: str, form: str, outcome: str = "ok", extra: str = "") -> None:
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "print", obj, outcome, detail=f"form={form}{extra}")
        uow.commit()


def _poster_photo(session: Session, reg: RegisteredCase) -> bytes | None:
    from app.services.photos import first_photo_of

    wanted = {CaseType.MISSING: Role.MISSING, CaseType.FOUND: Role.FOUND}.get(reg.case.type)
    for i, person in enumerate(reg.case.persons):
        if person.role is wanted:
            return first_photo_of(session, reg.case_no, i)
    return None


def _gallery_words(session: Session, reg: RegisteredCase) -> dict[str, Any]:
    """The found-person notice's pages, one per found child (siblings found together), each with
    the child's photo and its own gallery reference (once publication was asked for), and the
    public gallery's address (from the enrolment answer)."""
    from app.core.gallery import NotPublishable, found_subjects, person_key
    from app.forms.found_notice import NoticeChild
    from app.services.gallery import publication_of
    from app.services.photos import first_photo_of
    from app.services.public_address import public_url

    if reg.case.type is not CaseType.FOUND:
        return {}
    try:
        indexes = found_subjects(reg)
    except NotPublishable:
        return {}  # the form says why there is no notice
    children = []
    for index in indexes:
        asked = publication_of(session, reg.case_no, person_key(reg, index))
        reference = asked.reference if asked is not None and asked.state == "requested" else None
        children.append(NoticeChild(index, first_photo_of(session, reg.case_no, index), reference))
    return {"children": children, "gallery_url": public_url(session)}


def render_form(
    session: Session, form: str, case_no: str, lang: str = "zh_CN", *, to_station: str = ""
) -> bytes:
    """The PDF bytes of one form about a case. Audits ``print`` (refusals too).

    Raises ServiceError for an unknown case or form, NotApplicable when the form does not fit.
    """
    if form not in FORMS:
        raise PrintError("form_unknown", form=form, allowed=", ".join(CASE_FORMS))
    reg = _load(session, case_no)
    try:
        if form == "poster":
            extra = _gallery_words(session, reg)
            photo = None if extra.get("children") else _poster_photo(session, reg)
            pdf = FORMS[form](reg, session.station, photo=photo, lang=lang, **extra)
        elif form == "receipt":
            from app.services.public_address import check_url

            if not reg.verification_code:  # rebuilt from the server: only the family holds the code
                _audit(session, case_no, form, "refused", " reason=code_not_held")
                raise PrintError("receipt_code_not_held", case_no=case_no)

            pdf = FORMS[form](reg, session.station, lang=lang, check_url=check_url(session))
        elif form == "transfer":
            to_station = to_station or _transferred_to(session, case_no)  # issue 14: the transfer's station
            pdf = FORMS[form](reg, session.station, to_station=to_station, lang=lang)
        else:
            pdf = FORMS[form](reg, session.station, lang=lang)
    except FormNotApplicable as exc:
        _audit(session, case_no, form, "refused", f" reason={exc.reason}")
        raise NotApplicable(exc) from None
    _audit(session, case_no, form)
    return bytes(pdf)


def _transferred_to(session: Session, case_no: str) -> str:
    """ "CODE name" of the station this station's newest transfer of the case goes to, or ""."""
    from app.services.transfers import outgoing_to

    return outgoing_to(session, case_no)


def save_pdf(path: Path, pdf: bytes, *, data_dir: Path) -> None:
    """Write PDF bytes to *path* atomically (temp file, fsync, rename), readable by the owner
    only: the forms carry names and ID numbers, the recovery sheet the recovery key. A path
    inside the station's *data_dir* is refused."""
    check_output(data_dir, Path(path))
    try:
        write_atomic(Path(path), pdf)
    except OSError as exc:
        raise ServiceError(
            "file_unwritable", path=str(path), why=exc.strerror or type(exc).__name__
        ) from None


def save_form(
    session: Session, form: str, case_no: str, path: Path, lang: str = "zh_CN", *, to_station: str = ""
) -> int:
    """Render a form and write it to *path* atomically; returns the number of bytes written."""
    check_output(session.data_dir, Path(path))  # before rendering: a refused path is not a print
    pdf = render_form(session, form, case_no, lang, to_station=to_station)
    save_pdf(path, pdf, data_dir=session.data_dir)
    return len(pdf)


def render_recovery_sheet(
    session: Session, lang: str = "zh_CN", *, created_at: dt.datetime | None = None
) -> bytes:
    """The recovery sheet, only while the session still holds the key (right after setup)."""
    key = session.recovery_key
    if not key:
        raise PrintError("recovery_gone")
    pdf = _render_recovery(session.station, key, created_at=created_at or dt.datetime.now(dt.UTC), lang=lang)
    _audit(session, session.station.code, "recovery")
    return bytes(pdf)


def render_caseload_report(session: Session, lang: str = "zh_CN", *, now: dt.datetime | None = None) -> bytes:
    """The supervisor's caseload report over every case of the station. Audits ``print``."""
    with session.store.reader() as conn:
        rows = case_queries.list_cases(conn, case_queries.CaseFilter(), descending=False, limit=10_000_000)
    report = [
        CaseloadRow(
            case_no=r.case_no, type=CaseType(r.type), status=CaseStatus(r.status), review=ReviewState(r.review),
            officer=r.officer, created_at=parse_utc(r.created_at), names=tuple(n for n in r.names.split("、") if n),
            assigned_to=r.assigned_to,
        )
        for r in rows
    ]  # fmt: skip
    pdf = render_caseload(report, session.station, generated_at=now or dt.datetime.now(dt.UTC), lang=lang)
    _audit(session, "", "caseload", extra=f" cases={len(report)}")
    return bytes(pdf)


@dataclass(frozen=True, slots=True)
class PageImage:
    """One rendered page: packed RGB888 rows, ``stride`` bytes each."""

    width: int
    height: int
    stride: int
    pixels: bytes


def rasterize(pdf: bytes, dpi: float = 110.0) -> list[PageImage]:
    """Render every page of a PDF to pixels (for a print preview or a printer). Any thread.

    pdfium is not thread-safe, and its objects free native memory when collected, possibly on
    another thread: every object is closed here, explicitly, under one process-wide lock.
    """
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            out: list[PageImage] = []
            for index in range(len(doc)):
                page = doc[index]
                try:
                    bitmap = page.render(scale=dpi / 72.0)
                    try:
                        image = bitmap.to_pil().convert("RGB")
                        out.append(PageImage(image.width, image.height, image.width * 3, image.tobytes()))
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            return out
        finally:
            doc.close()
