"""The history a demo station's cases are given, so review, overdue rules and reports have
something to show: officers and supervisors with names and badge numbers, registrations returned
and corrected, approvals, voids, closures with every outcome, reopenings, assignments, and DNA
samples at every stage with their hand-overs.

Each step goes through the service a person would use, as that person (a demo account: a row
with a name and badge number but no key slot, so it can never log on). A seeded random choice
decides which cases get which step; at most a few thousand cases get a history, whatever the
size of the demo, and the rest stay untouched (so they go overdue, as real ones do).
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass

from app.core.lifecycle import ClosureOutcome, SampleStatus
from app.core.model import AccountRole, RegisteredCase
from app.services import case_life, cases, samples
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import case_repository as repo
from app.storage import station_repository as stations

STAFF = (
    ("li.ming", AccountRole.OFFICER, "李明", "037245"),
    ("wang.fang", AccountRole.OFFICER, "王芳", "037246"),
    ("chen.jie", AccountRole.OFFICER, "陈杰", "037251"),
    ("zhao.gang", AccountRole.SUPERVISOR, "赵刚", "030001"),
    ("sun.li", AccountRole.SUPERVISOR, "孙丽", "030002"),
)
MAX_WITH_HISTORY = 3000
RETURN_COMMENTS = ("请补充最后见到时的衣着", "报案人电话不完整，请核实", "请补充体貌特征", "发现经过过于简略")
CORRECTIONS = ("已与报案人核实并补充", "已补充衣着和体貌特征", "已更正电话号码")
CLOSE_REASONS = {
    ClosureOutcome.REUNITED: "经DNA比对确认，已与家人团聚",
    ClosureOutcome.FOUND_BY_FAMILY: "家属来电告知孩子已自行回家，民警上门核实",
    ClosureOutcome.DECEASED: "经法医鉴定确认身份，已通知家属",
    ClosureOutcome.WITHDRAWN: "报案人撤回报案，称系家庭纠纷离家",
    ClosureOutcome.TRANSFERRED: "案件移交户籍地公安机关办理",
}


@dataclass(frozen=True, slots=True)
class Staff:
    officers: tuple[str, ...]
    supervisors: tuple[str, ...]


def ensure_staff(session: Session) -> Staff:
    """The demo's officers and supervisors as accounts of the station (no key slot: they show on
    forms and lists, and never log on). Audits ``user.add`` for each new one."""
    with session.store.unit_of_work() as uow:
        for name, role, full_name, badge in STAFF:
            if stations.get_account(uow.conn, name) is None:
                stations.add_account(uow.conn, name, role, session.user, full_name=full_name, badge=badge)
                uow.audit.record(session.user, "user.add", name, detail=f"role={role.value} demo")
        uow.commit()
    return Staff(
        tuple(n for n, r, _f, _b in STAFF if r is AccountRole.OFFICER),
        tuple(n for n, r, _f, _b in STAFF if r is AccountRole.SUPERVISOR),
    )


def as_user(session: Session, name: str) -> Session:
    """The same open store, working as a demo account."""
    role = next(r for n, r, _f, _b in STAFF if n == name)
    return dataclasses.replace(session, user=name, role=role)


def planned(n: int) -> int:
    """How many cases get a history (for the progress count)."""
    return min(n, MAX_WITH_HISTORY)


def give_history(
    session: Session,
    staff: Staff,
    numbers: list[str],
    *,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    done: int = 0,
    total: int = 0,
) -> None:
    """Walk the most recent cases (a few thousand at most) through what happens to real ones."""
    rng = random.Random(seed + 1)
    chosen = numbers[-planned(len(numbers)) :]
    for k, case_no in enumerate(chosen):
        officer = as_user(session, rng.choice(staff.officers))
        boss, other = (as_user(session, n) for n in rng.sample(staff.supervisors, 2))
        with contextlib.suppress(ServiceError):  # a step the state does not allow: the case keeps it
            _one(rng, case_no, officer, boss, other)
        if progress is not None and (k % 50 == 49 or k == len(chosen) - 1):
            progress(done + k + 1, total)


def _load(session: Session, case_no: str) -> RegisteredCase:
    with session.store.reader() as conn:
        reg = repo.load_case(conn, case_no)
    assert reg is not None  # registered just before
    return reg


def _one(rng: random.Random, case_no: str, officer: Session, boss: Session, other: Session) -> None:
    reg = _load(officer, case_no)
    roll = rng.random()
    if roll < 0.08:
        cases.return_case(boss, case_no, rng.choice(RETURN_COMMENTS))
        if rng.random() < 0.6:
            from app.services.case_edit import edit_case

            patch = {"summary": reg.case.summary + "（已补充）"}
            edit_case(boss, case_no, patch, rng.choice(CORRECTIONS))
        return
    if roll < 0.65:
        cases.approve(boss, case_no)
    if rng.random() < 0.4:
        cases.assign(boss, case_no, officer.user)
    _dna(rng, reg, officer, boss)
    fate = rng.random()
    if fate < 0.03:
        cases.void_case(officer, case_no, "重复登记")
        if rng.random() < 0.7:
            _approve_latest(boss, case_no)
    elif fate < 0.18:
        outcome = rng.choice(list(ClosureOutcome))
        case_life.close_case(officer, case_no, outcome, CLOSE_REASONS[outcome])
        if rng.random() < 0.8:
            _approve_latest(boss, case_no)
            if rng.random() < 0.05:
                case_life.reopen_case(other, case_no, "家属反映孩子再次走失")


def _approve_latest(boss: Session, case_no: str) -> None:
    """Approve the request just filed on *case_no* (its registration may still wait beside it)."""
    from app.services.review_desk import approve_items
    from app.storage import case_life_repository as life

    with boss.store.unit_of_work() as uow:
        waiting = life.waiting_for(uow.cursor, case_no)
    if waiting:
        approve_items(boss, [str(waiting[-1].id)])


def _dna(rng: random.Random, reg: RegisteredCase, officer: Session, boss: Session) -> None:
    stages = list(SampleStatus)
    for person in reg.case.everyone():
        for sample in person.samples:
            if sample.sample_no is None or rng.random() < 0.3:
                continue
            samples.hand_over(officer, sample.sample_no, "市公安局物证室", "送检")
            target = rng.choice(stages[2:])
            if samples.ORDER.index(target) > samples.ORDER.index(sample.status):
                samples.set_status(boss, sample.sample_no, target)
