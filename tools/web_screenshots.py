"""Screenshots of the national server's public pages and the operator's console in a real
headless Chromium, at desktop (1366 px) and phone (390 px) widths, in Chinese and English.

    python tools/web_screenshots.py [--out docs/screenshots/web]

A real ``xunren-server serve`` on a free loopback port with a seeded gallery (drawn stand-in
photos, never real faces): the receipt check form and its answer, the gallery, a child's page,
the same page after a tip was sent, the console's logon, the console and its referrals page.
Whole pages, not just the window. Needs Debian's chromium and chromium-driver (.ci/run installs them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "server"))

from browser import DESKTOP, PHONE, chromium, full_page_png, set_width, site  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "web")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, site(Path(tmp), access_log=False) as web, chromium() as driver:
        driver.implicitly_wait(10)  # a form's answer is a new page: wait for it
        for lang in ("zh", "en"):
            q = "?lang=en" if lang == "en" else ""
            for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
                set_width(driver, size)

                def shot(name: str, lang: str = lang, width: str = width) -> None:
                    path = args.out / f"{name}-{lang}-{width}.png"
                    path.write_bytes(full_page_png(driver))
                    print(path.relative_to(ROOT))

                driver.get(f"{web.url}/check{q}")
                shot("check")
                driver.find_element(By.ID, "code").send_keys(web.code)
                driver.find_element(By.CSS_SELECTOR, "form#check-form button").click()
                driver.find_element(By.CSS_SELECTOR, "section.result")
                shot("check-answer")
                driver.get(f"{web.url}/gallery{q}")
                shot("gallery")
                driver.get(f"{web.url}/gallery/{web.reference}{q}")
                shot("child")
                driver.get(f"{web.url}/gallery/{web.reference}{q}{'&' if q else '?'}sent=1")
                shot("child-tip-sent")
                driver.get(f"{web.url}/console{q}")
                driver.delete_all_cookies()  # the console's cookie is scoped to /console
                driver.get(f"{web.url}/console{q}")
                shot("console-logon")
                driver.find_element(By.ID, "token").send_keys(web.operator_token)
                driver.find_element(By.CSS_SELECTOR, "main form button").click()
                driver.find_element(By.ID, "h-alerts")
                shot("console")
                driver.get(f"{web.url}/console/referrals{q}")  # issue 14
                driver.find_element(By.ID, "h-referrals")
                shot("console-referrals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
