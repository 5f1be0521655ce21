"""Realistic demo cases for a fresh station (training, screenshots, benchmarks).

Every case goes through validation and ``register_cases``, the same path as `case add`, so demo
data exercises numbering, search keys, the outbox and the audit chain like real intake.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from typing import Any

from app.core import idnumber
from app.core.validation import parse_case
from app.services.session import Session

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红小宇浩然子轩梓涵一诺欣怡佳豪俊杰思远晓东文博雨桐"
NICK_PREFIX = ("小", "阿")
MARKS = (
    "左耳后有一颗黑痣",
    "右手背有烫伤疤痕",
    "额头有一道浅色疤痕",
    "左脸颊有酒窝",
    "右腿膝盖有胎记",
    "门牙缺一颗",
    "左手小指弯曲",
    "后脑勺有旋两个",
    "右眼角有小痣",
    "脖子左侧有红色胎记",
)
CLOTHING = (
    "红色羽绒服，蓝色运动裤，白色运动鞋",
    "黄色卫衣，黑色牛仔裤",
    "蓝白校服，黑色布鞋",
    "粉色连衣裙，白色凉鞋",
    "灰色夹克，深蓝色裤子",
    "绿色毛衣，卡其色裤子",
)
PLACES = ("农贸市场东门", "火车站候车室", "汽车客运站", "小学门口", "人民公园", "商场一楼", "村口小卖部")
DIALECTS = ("寿光话", "山东口音", "四川话", "河南口音", "粤语", "贵州口音", "普通话")
RELATIONS = ("mother", "father", "grandmother", "grandfather")
EXPLOITATION = (
    "abduction_and_sale",
    "forced_labour",
    "sexual_exploitation",
    "forced_marriage",
    "illegal_adoption",
)
LOCI = (
    "D3S1358",
    "vWA",
    "D16S539",
    "CSF1PO",
    "TPOX",
    "D8S1179",
    "D21S11",
    "D18S51",
    "D5S818",
    "D13S317",
    "D7S820",
    "TH01",
    "FGA",
    "D2S1338",
    "D19S433",
    "Penta D",
    "Penta E",
    "D12S391",
    "D6S1043",
    "D1S1656",
)


class DemoFactory:
    """Seeded generator of case objects in the case-file shape."""

    def __init__(self, seed: int, counties: list[str], now: dt.datetime, days: int = 2000) -> None:
        self.rng = random.Random(seed)
        self.counties = counties
        self.now = now
        self.days = days

    def name(self, surname: str | None = None) -> str:
        r = self.rng
        given = "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))
        return (surname or r.choice(SURNAMES)) + given

    def id_number(self, county: str, born: dt.date, male: bool) -> str:
        seq = self.rng.randrange(0, 100) * 10 + self.rng.randrange(0, 5) * 2 + (1 if male else 0)
        first17 = f"{county}{born:%Y%m%d}{seq:03d}"
        return first17 + idnumber.check_digit(first17)

    def when(self, days_back: int) -> dt.datetime:
        moment = self.now - dt.timedelta(days=self.rng.uniform(1, days_back), minutes=self.rng.randrange(600))
        return moment.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(microsecond=0)

    def profile(self) -> dict[str, Any]:
        r = self.rng
        return {
            "kit": "PowerPlex 21",
            "loci": {loc: sorted([r.randint(8, 20), r.randint(8, 20)]) for loc in LOCI},
        }

    def sample(self, at: dt.datetime, with_profile: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "buccal_swab", "collected_at": at.isoformat(), "consent": True}
        if with_profile:
            out["profile"] = self.profile()
        return out

    def case(self) -> dict[str, Any]:
        kind = self.rng.choices(("missing", "found", "trafficking"), weights=(5, 3, 2))[0]
        made: dict[str, Any] = getattr(self, kind)()
        return made

    def missing(self) -> dict[str, Any]:
        r = self.rng
        county = r.choice(self.counties)
        last_seen = self.when(self.days)
        reported = last_seen + dt.timedelta(hours=r.randint(1, 30))
        if reported > self.now:
            reported = self.now.astimezone(last_seen.tzinfo) - dt.timedelta(minutes=1)
        surname = r.choice(SURNAMES)
        child = self.name(surname)
        born = last_seen.date() - dt.timedelta(days=r.randint(365 * 2, 365 * 12))
        mother_born = born - dt.timedelta(days=r.randint(365 * 20, 365 * 38))
        mother_id = self.id_number(county, mother_born, male=False)
        return {
            "type": "missing", "reported_at": reported.isoformat(),
            "summary": f"孩子在{r.choice(PLACES)}附近走失，家属寻找未果后报案。",
            "last_seen": {"at": last_seen.isoformat(), "place_code": county, "place": r.choice(PLACES)},
            "reporter": {
                "name": self.name(), "sex": "F", "id_number": mother_id, "phone": f"138{r.randrange(10**8):08d}",
                "relation": "mother", "address": {"code": county, "text": f"某街道{r.randint(1, 200)}号"},
                "samples": [self.sample(reported, with_profile=r.random() < 0.5)],
            },
            "persons": [{
                "role": "missing", "name": child, "nicknames": [r.choice(NICK_PREFIX) + child[-1]],
                "sex": r.choice("MF"), "birth_date": born.isoformat(),
                "height_cm": sorted([r.randint(85, 150), r.randint(85, 150)]),
                "marks": r.choice(MARKS), "clothing": r.choice(CLOTHING), "dialect": r.choice(DIALECTS),
                "household_address": {"code": county, "text": f"某村{r.randint(1, 30)}组"},
            }],
        }  # fmt: skip

    def found(self) -> dict[str, Any]:
        r = self.rng
        at = self.when(self.days)
        low = r.randint(2, 12)
        reported = min(at + dt.timedelta(hours=2), self.now.astimezone(at.tzinfo))
        return {
            "type": "found", "reported_at": reported.isoformat(),
            "summary": "巡逻中发现一名无人看管的儿童，无法说清家庭住址。",
            "found": {"at": at.isoformat(), "place_code": r.choice(self.counties), "place": r.choice(PLACES)},
            "persons": [{
                "role": "found", "name": (r.choice(NICK_PREFIX) + r.choice(GIVEN)) if r.random() < 0.6 else "",
                "name_is_self_reported": True, "sex": r.choice("MF"), "estimated_age": [low, low + 2],
                "height_cm": sorted([r.randint(85, 150), r.randint(85, 150)]), "marks": r.choice(MARKS),
                "clothing": r.choice(CLOTHING), "dialect": r.choice(DIALECTS),
                "samples": [self.sample(at, with_profile=r.random() < 0.7)],
            }],
        }  # fmt: skip

    def trafficking(self) -> dict[str, Any]:
        r = self.rng
        at = self.when(self.days)
        county = r.choice(self.counties)
        victim_born = at.date() - dt.timedelta(days=r.randint(365 * 16, 365 * 40))
        return {
            "type": "trafficking", "reported_at": at.isoformat(),
            "summary": "接群众举报，发现疑似被限制人身自由人员。",
            "exploitation": [r.choice(EXPLOITATION)],
            "incident": {"at": (at - dt.timedelta(hours=3)).isoformat(), "place_code": county, "place": "某厂区"},
            "persons": [
                {"role": "victim", "name": self.name(), "sex": "F",
                 "id_number": self.id_number(r.choice(self.counties), victim_born, male=False),
                 "statement": "被以介绍工作为名带到此处，证件被收走。"},
                {"role": "suspect", "name": r.choice(SURNAMES) + "某", "sex": "M", "marks": "左臂有纹身"},
            ],
        }  # fmt: skip


def demo_cases(
    n: int, *, seed: int = 2026, now: dt.datetime | None = None, days: int = 2000
) -> Iterator[Any]:
    """*n* checked Case objects (app.core.model.Case), their events within the last *days*."""
    from app.core import regions

    moment = now or dt.datetime.now(dt.UTC)
    counties = regions.county_codes()
    factory = DemoFactory(seed, counties, moment, days)
    for _ in range(n):
        yield parse_case(factory.case(), now=moment)


Progress = Callable[[int, int], None]


def fill_demo(
    session: Session, n: int, *, batch: int = 500, seed: int = 2026, progress: Progress | None = None
) -> int:
    """Register *n* demo cases spread over the last two years, by several officers, then give a
    few thousand of them a history (returns and approvals, voids, closures, assignments, DNA at
    every stage; the rest stay untouched and go overdue). Registration goes through
    ``register_cases`` like real intake (numbers per year, search keys, outbox, audit); the
    history through the same services a person uses. *progress(done, total)* is told as it goes.
    """
    from app.services import demo_history
    from app.services.cases import bulk_import, register_cases
    from app.services.errors import ServiceError

    if not 1 <= n <= 1_000_000:
        raise ServiceError("demo_count")
    now = dt.datetime.now(dt.UTC)
    staff = demo_history.ensure_staff(session)
    officers = [demo_history.as_user(session, name) for name in staff.officers]
    cases = sorted(demo_cases(n, seed=seed, now=now, days=730), key=lambda c: c.reported_at)
    size = max(1, min(batch, n // 200 or 1))
    total = n + demo_history.planned(n)
    done = 0
    numbers: list[str] = []
    with bulk_import(session):
        for start in range(0, n, size):
            chunk = cases[start : start + size]
            created = min(now, max(c.reported_at for c in chunk) + dt.timedelta(hours=2))
            clerk = officers[(start // size) % len(officers)]
            numbers += [r.case_no for r in register_cases(clerk, chunk, now=created, check=False)]
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    demo_history.give_history(session, staff, numbers, seed=seed, progress=progress, done=done, total=total)
    return n
