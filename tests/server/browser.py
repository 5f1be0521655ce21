"""A real headless Chromium (Debian's ``chromium`` and ``chromium-driver``) against a real
``xunren-server serve`` process, with a gallery to look at: the public pages' browser tests and
``tools/web_screenshots.py`` share it.

Chromium starts with --headless --no-sandbox --disable-gpu --disable-background-networking
--disable-component-update --disable-sync --no-first-run and a fresh --user-data-dir, so it
talks to nothing but the loopback server.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
DESKTOP = (1366, 900)
PHONE = (390, 844)


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(DRIVER).exists()


def child_picture(n: int) -> bytes:
    """A drawn stand-in for a child's photo (never a real face), different for each *n*."""
    hue = (n * 47) % 360
    bg = tuple(int(200 + 40 * math.sin(math.radians(hue + k * 120))) for k in range(3))
    skin = (236, 200 - (n % 4) * 12, 170 - (n % 3) * 15)
    img = Image.new("RGB", (480, 600), bg)
    d = ImageDraw.Draw(img)
    d.rectangle((90, 430, 390, 600), fill=((n * 70) % 200, 80 + (n * 30) % 150, 160))
    d.ellipse((140, 140, 340, 380), fill=skin)
    d.pieslice((130, 110, 350, 320), 180, 360, fill=(40 + (n * 20) % 60, 30, 20))
    d.ellipse((190, 240, 215, 265), fill=(30, 30, 30))
    d.ellipse((265, 240, 290, 265), fill=(30, 30, 30))
    d.arc((205, 290, 275, 340), 20, 160, fill=(150, 60, 60), width=5)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


@dataclass
class Site:
    """A server process with a published gallery, a receipt code and an operator token."""

    url: str
    db_url: str
    code: str  # a receipt code whose case is registered
    reference: str  # a published child
    operator_token: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _missing_child_alert(world: Any, owner: str) -> None:
    """Issue 14: a missing child's alert from 370783001, delivered to 370702001 (25 km), which
    acknowledged it, and to 370102001 (154 km), which has not yet."""
    import datetime as dt
    import json

    from conftest import case_no, change

    from app.sync import alert_records
    from tests.conftest import EXAMPLES

    near = world.enroll("370702001")
    world.enroll("370102001")
    document = json.loads((EXAMPLES / "missing_child.json").read_text(encoding="utf-8"))
    registered = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=75)).isoformat()
    number = case_no("370783001", 2)
    world.push(owner, [change(number, payload={"type": "missing", "status": "open", "created_at": registered,
                                               "case": document, "station_contact": {"phone": "0536-5221110"}})])  # fmt: skip
    ack = alert_records.AlertAck(number, "李建华", registered)
    world.push(
        near, [change(alert_records.ack_record_id("370702001", number, "李建华"), payload=ack.to_payload())]
    )


def _conflicting_decisions(world: Any, missing_cred: str, found_cred: str, missing: str, found: str) -> None:
    """A national pair on which the two stations disagree: 寿光 confirms, 桂林 rejects."""
    from conftest import change

    from app.core.lifecycle import MatchState
    from app.sync.protocol.matches import MatchDecision, decision_id
    from server.storage.tables import Match, utcnow

    world.run(lambda s: s.add(Match(missing_case=missing, found_case=found, score=0.82, dna_verdict=None,
                                    reasons="[]", state="potential", revision=1, updated_at=utcnow())))  # fmt: skip
    for cred, own, state, reason in (
        (missing_cred, missing, MatchState.CONFIRMED, "家属认出照片"),
        (found_cred, found, MatchState.REJECTED, "血型不符"),
    ):
        d = MatchDecision(missing, found, state, "zhao", "2026-12-01T08:00:00Z", reason)
        world.push(cred, [change(decision_id(own, missing, found), payload=d.to_payload())])


def _referral(world: Any, asking: str, asked: str, case: str) -> None:
    """Issue 14: 370783001 asks 450305001 for a relative's DNA sample, which accepts it."""
    from conftest import change

    from app.core.referral import ReferralRequest, ReferralState
    from app.sync.protocol import referrals as wire

    rid = wire.new_referral_id(case)
    sent = wire.ReferralRecord(case, "450305001", ReferralRequest.DNA_SAMPLE, "请采集外婆口腔拭子", "李建华",
                               "2026-12-01T08:00:00Z")  # fmt: skip
    world.push(asking, [change(rid, payload=sent.to_payload())])
    step = wire.ReferralAnswer(rid, ReferralState.ACCEPTED, "已受理", "覃文", "2026-12-01T09:00:00Z")
    world.push(asked, [change(wire.new_answer_id(case), payload=step.to_payload())])


def seed(db_url: str, children: int = 9) -> tuple[str, str, str]:
    """Stations, found children (published, one still requested), a registered case with a
    receipt code, an audit alert: (receipt code, a published reference, operator token)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import case_no, change, make_app_world
    from conftest import case_payload as missing_case
    from gallery_world import case_payload, found_document, publication_change, request_payload, upload

    from app.core.gallery import reference_of
    from app.core.model import Sex
    from app.core.verification import code_hash, new_code
    from server.services import events, gallery
    from server.storage.tables import Station

    world = make_app_world(db_url)
    try:
        places = ["450305", "370783", "440106", "510107", "420106", "330106", "110105", "530102", "610113"]
        cred = world.enroll("450305001")
        other = world.enroll("370783001")
        first = ""
        for n in range(1, children + 1):
            number = case_no("450305001", n)
            world.push(cred, [change(number, payload=case_payload(found_document(n)))])
            photo = upload(world, cred, child_picture(n))
            sex = Sex.FEMALE if n % 3 == 0 else Sex.MALE
            payload = request_payload(
                number, photo, age=(n % 9 + 1, n % 9 + 3), sex=sex, county=places[(n - 1) % len(places)]
            )
            world.push(cred, [publication_change(number, payload)])
            reference = reference_of(number)
            if n < children:
                world.run(lambda s, ref=reference: gallery.approve(s, ref, "wang", "依法公开"))
            first = first or reference_of(number)
        code = new_code()
        world.push(
            other, [change(case_no("370783001", 1), payload=missing_case(verification_hash=code_hash(code)))]
        )
        _missing_child_alert(world, other)
        _conflicting_decisions(world, other, cred, case_no("370783001", 1), case_no("450305001", 1))
        _referral(world, other, cred, case_no("370783001", 1))
        sid = world.run(lambda s: s.query(Station).filter(Station.code == "370783001").one().id)
        world.run(
            lambda s: events.record(
                s, sid, events.AUDIT_REFUSED, reason="rewritten", seq=41, witnessed_seq=57
            )
        )
        token = world.operator("王国平")
        return code, first, token
    finally:
        world.client.close()
        world.client.app.state.engine.dispose()


@contextmanager
def site(workdir: Path, *, access_log: bool = True) -> Iterator[Site]:
    """A seeded SQLite server process on a free loopback port (its access log on, to prove what
    never reaches it)."""
    from realserver import free_port, healthy, listens

    db_url = f"sqlite:///{workdir / 'server.sqlite3'}"
    code, reference, token = seed(db_url)
    port = free_port()
    log_path = workdir / "server.log"
    cmd = [sys.executable, "-m", "server.cli", "serve", "--db", db_url, "--port", str(port)]
    if access_log:
        cmd.append("--access-log")
    with log_path.open("wb") as log:
        env = {**os.environ, "XUNREN_SERVER_VERIFY_PER_MINUTE": "1000"}
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if healthy(url) and listens(proc.pid, port):  # ours, not a server that took the port
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start: " + log_path.read_text(errors="replace"))
            time.sleep(0.1)
        yield Site(url, db_url, code, reference, token, proc, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chromium(*, javascript: bool = True, size: tuple[int, int] = DESKTOP) -> Iterator[Any]:
    """A headless Chromium driven through chromedriver, in a fresh profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="xunren-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                 f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}", "--lang=zh-CN"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        driver.set_page_load_timeout(30)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_width(driver: Any, size: tuple[int, int]) -> None:
    """Emulate a screen of *size* CSS pixels (a phone's is narrow; its device scale is 1 here)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600},
    )


def full_page_png(driver: Any) -> bytes:
    """The whole page, not just the window, as PNG (lazy images loaded first)."""
    driver.execute_script(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })"
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not driver.execute_script(
        "return [...document.images].every(i => i.complete)"
    ):
        time.sleep(0.05)
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True,
         "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}},
    )  # fmt: skip
    return base64.b64decode(shot["data"])


# A small accessibility check run inside the page: every form control has a label, every image
# an alt text, the document a language, and text contrast meets WCAG AA (4.5:1; 3:1 large text).
AUDIT_JS = r"""
function lum(c) {
  const v = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
    .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(el) {
  while (el) {
    const bg = getComputedStyle(el).backgroundColor;
    const m = bg.match(/[\d.]+/g);
    if (m && (m.length < 4 || Number(m[3]) > 0.5)) return bg;
    el = el.parentElement;
  }
  return "rgb(255, 255, 255)";
}
const problems = [];
if (!document.documentElement.lang) problems.push("no lang attribute");
for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
  const labelled = (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.getAttribute("aria-label");
  if (!labelled) problems.push("unlabelled " + el.outerHTML.slice(0, 80));
}
for (const img of document.querySelectorAll("img")) {
  if (!img.getAttribute("alt")) problems.push("image without alt " + img.src);
}
for (const el of document.querySelectorAll("body *")) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || el.offsetParent === null && getComputedStyle(el).position !== "fixed") continue;
  const style = getComputedStyle(el);
  const a = lum(style.color), b = lum(background(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
  if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)} ${el.tagName} "${el.textContent.trim().slice(0, 30)}"`);
}
return problems;
"""


def page_digest(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()
