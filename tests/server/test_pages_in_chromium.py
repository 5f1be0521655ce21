"""The public pages and the console in a real headless Chromium against a real server process:
the receipt's QR path (code in the fragment, posted, never in the server's access log), the same
check without script, the gallery's filters, a tip, the console's logon; no page breaks its
Content-Security-Policy; every page passes the accessibility check at desktop and phone widths
in both languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import AUDIT_JS, PHONE, Site, available, chromium, full_page_png, set_width, site
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

if not available():
    if os.environ.get("CI"):
        pytest.fail("chromium and chromium-driver are missing: .ci/run installs them", pytrace=False)
    pytestmark = pytest.mark.skip(
        reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)"
    )


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with site(tmp_path_factory.mktemp("web")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def main_text(driver: Any, waiting_for: str) -> str:
    """The page's main text once it shows *waiting_for* (a form's answer is a new page)."""
    # While a form's answer replaces the page, Chromium may also answer that a node "does not
    # belong to the document" (a plain WebDriverException): every such moment is waited out.
    wait = WebDriverWait(
        driver,
        15,
        ignored_exceptions=(StaleElementReferenceException, NoSuchElementException, WebDriverException),
    )
    wait.until(lambda d: waiting_for in d.find_element(By.TAG_NAME, "main").text)
    return str(driver.find_element(By.TAG_NAME, "main").text)


def csp_violations(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_the_receipt_qr_path_posts_the_code_from_the_fragment(web: Site, browser: Any) -> None:
    browser.get(f"{web.url}/check#{web.code[:4]}-{web.code[4:8]}-{web.code[8:12]}-{web.code[12:]}")
    main_text(browser, "案件已登记")
    assert "#" not in browser.current_url and web.code not in browser.current_url
    assert web.code not in web.log() and web.code[:4] + "-" not in web.log()  # never in the access log
    assert "POST /check" in web.log()
    assert csp_violations(browser) == []


def test_the_check_works_without_script(web: Site) -> None:
    with chromium(javascript=False) as driver:
        driver.get(f"{web.url}/check?lang=en")
        field = driver.find_element(By.ID, "code")
        field.send_keys(web.code.lower())
        driver.find_element(By.CSS_SELECTOR, "form#check-form button").click()
        main_text(driver, "The case is registered")
        driver.get(f"{web.url}/check")
        driver.find_element(By.ID, "code").send_keys("0OIL-NOT-A-CODE")
        driver.find_element(By.CSS_SELECTOR, "form#check-form button").click()
        main_text(driver, "没有找到与此查询码对应的已登记案件")


def test_gallery_filters_paging_and_a_tip(web: Site, browser: Any) -> None:
    browser.get(f"{web.url}/gallery")
    assert "共 8 名儿童" in browser.find_element(By.TAG_NAME, "main").text
    Select(browser.find_element(By.ID, "sex")).select_by_value("F")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    main_text(browser, "共 2 名儿童")
    assert "sex=F" in browser.current_url
    cards = browser.find_elements(By.CSS_SELECTOR, "li.child")
    assert cards and all("女" in c.text for c in cards)
    assert all(
        img.get_property("naturalWidth") > 0 for img in browser.find_elements(By.CSS_SELECTOR, "li.child img")
    )
    browser.get(f"{web.url}/gallery/{web.reference}")
    browser.find_element(By.ID, "tip-phone").send_keys("13800000000")
    browser.find_element(By.ID, "tip-message").send_keys("<script>alert(1)</script>我在车站见过他")
    browser.find_element(By.CSS_SELECTOR, "section.tip button").click()
    main_text(browser, "您的留言已送达")
    assert csp_violations(browser) == []


def test_console_logon_in_the_browser(web: Site, browser: Any) -> None:
    browser.get(f"{web.url}/console")
    browser.find_element(By.ID, "token").send_keys(web.operator_token)
    browser.find_element(By.CSS_SELECTOR, "main form button").click()
    text = main_text(browser, "已登录：王国平")
    assert "已登录：王国平" in text and "rewritten" in text and "370783001" in text
    assert browser.get_cookie("xunren_console")["httpOnly"]
    assert browser.execute_script("return document.cookie") == ""  # not readable by script


def test_console_lists_conflicting_match_decisions(web: Site, browser: Any) -> None:
    for lang, title, words in (
        ("zh", "比对结论冲突", ("确认", "排除", "家属认出照片", "血型不符")),
        ("en", "Conflicting match decisions", ("confirmed", "rejected", "家属认出照片", "血型不符")),
    ):
        browser.delete_all_cookies()
        browser.get(f"{web.url}/console?lang={lang}")
        browser.find_element(By.ID, "token").send_keys(web.operator_token)
        browser.find_element(By.CSS_SELECTOR, "main form button").click()
        main_text(browser, title)
        section = WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "section[aria-labelledby=h-decisions]").text
        )
        assert "370783001-" in section and "↔ 450305001-" in section, section
        assert "370783001" in section and "450305001 " in section  # both stations, by code and name
        for word in words:
            assert word in section, (lang, word, section)


def test_console_lists_referrals_and_filters_them(web: Site, browser: Any, tmp_path: Path) -> None:
    """Issue 14: the referrals page, reached from the console, filtered by station and state in
    the browser's own form; no note or officer's name on it; it passes the accessibility check."""
    for lang, asked, state_word, none in (
        ("zh", "采集亲属 DNA 样本", "已接受", "没有符合条件的协查请求"),
        ("en", "take a relative's DNA sample", "accepted", "No referral matches"),
    ):
        browser.delete_all_cookies()
        browser.get(f"{web.url}/console?lang={lang}")
        browser.find_element(By.ID, "token").send_keys(web.operator_token)
        browser.find_element(By.CSS_SELECTOR, "main form button").click()
        main_text(browser, "王国平")
        browser.find_element(By.CSS_SELECTOR, "a[href^='/console/referrals']").click()
        text = main_text(browser, "370783001-2026-000001")
        assert asked in text and state_word in text and "450305001" in text
        assert "外婆口腔拭子" not in text and "李建华" not in text and "覃文" not in text
        browser.find_element(By.ID, "station").send_keys("110105001")
        browser.find_element(By.CSS_SELECTOR, "main form button").click()
        assert "370783001-2026-000001" not in main_text(browser, none)
        station = browser.find_element(By.ID, "station")
        station.clear()
        station.send_keys("450305001")
        Select(browser.find_element(By.ID, "state")).select_by_value("accepted")
        browser.find_element(By.CSS_SELECTOR, "main form button").click()
        text = main_text(browser, "370783001-2026-000001")
        assert "state=accepted" in browser.current_url and "station=450305001" in browser.current_url
        assert browser.execute_script(AUDIT_JS) == []
        (tmp_path / f"console-referrals-{lang}.png").write_bytes(full_page_png(browser))
    assert csp_violations(browser) == []


PAGES = [
    ("check", "/check"),
    ("gallery", "/gallery"),
    ("child", "/gallery/{ref}"),
    ("console-logon", "/console"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_passes_the_accessibility_check(
    web: Site, browser: Any, lang: str, width: str, tmp_path: Path
) -> None:
    set_width(browser, PHONE if width == "phone" else (1366, 900))
    try:
        for name, path in PAGES:
            url = web.url + path.format(ref=web.reference) + ("?lang=en" if lang == "en" else "")
            browser.get(url)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == (
                "en" if lang == "en" else "zh-CN"
            )
            problems = browser.execute_script(AUDIT_JS)
            assert problems == [], (name, problems)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, (name, "wider than the screen", overflow)
            png = full_page_png(browser)
            (tmp_path / f"{name}.png").write_bytes(png)
            assert len(png) > 5000
        assert csp_violations(browser) == []
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
