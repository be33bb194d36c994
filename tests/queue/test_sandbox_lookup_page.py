"""The mobile page a receipt's QR opens (``/m/{code}``), in Debian's headless chromium at phone sizes.

Chromium and chromedriver are declared dependencies (Makefile APT_PACKAGES): the test fails without
them. Selenium Manager never runs (explicit driver and browser paths, SE_OFFLINE)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.common.by import By

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from offline_queue.admin_client import admin_client
from offline_queue.client import CourtClient
from tests.chromium import chromium

PHONES = ((390, 844), (360, 740), (414, 896))


@pytest.fixture
def browser(tmp_path, monkeypatch) -> Iterator[webdriver.Chrome]:
    """Debian's chromium, headless, at a phone's size (tests.chromium)."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    with chromium(tmp_path / "chromium-profile", (390, 844)) as driver:
        phone(driver, *PHONES[0])
        yield driver


@pytest.fixture
def court(tmp_path) -> Iterator[tuple[SandboxServer, CourtClient]]:
    db = tmp_path / "court.sqlite3"
    with SandboxServer(db, app=create_app(str(db), demo_people=())) as server, \
            CourtClient(server.base_url, "kiosk-lookup", timeout=10) as client:
        yield server, client


def phone(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Emulate a phone's screen (CSS pixels, touch, mobile viewport) in the running browser."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 3, "mobile": True})
    driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/120.0 Mobile Safari/537.36"})


def _lookup_code() -> str:
    return "".join(c.CODE_ALPHABET[b % len(c.CODE_ALPHABET)] for b in uuid.uuid4().bytes[:10])


def _no_horizontal_scroll(driver: webdriver.Chrome) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_the_mobile_page_shows_the_state_at_phone_sizes(browser, court, make_submission):
    server, client = court
    code = _lookup_code()
    submission = make_submission(lookup_code=code)
    client.submit_filing(submission, str(uuid.uuid4()))
    url = server.base_url + c.LOOKUP_PAGE_PATH.format(code=code)

    browser.get(url)
    assert browser.find_element(By.ID, "status").text == c.STATUS_PENDING_REVIEW
    assert "2300.00" in browser.find_element(By.TAG_NAME, "body").text

    with admin_client(server) as admin:
        status = admin.review(submission.filing_id, c.ReviewDecision(decision="docket"))
    for width, height in PHONES:
        phone(browser, width, height)
        browser.get(url)
        body = browser.find_element(By.TAG_NAME, "body").text
        assert browser.find_element(By.ID, "status").text == c.STATUS_DOCKETED
        assert "北京市朝阳区人民法院" in body and status.case_number in body and "下次开庭" in body
        assert browser.execute_script("return window.innerWidth") == width
        assert _no_horizontal_scroll(browser), f"horizontal scroll at {width} px"
        size = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 16  # readable on a phone
        source = browser.page_source
        people = [submission.plaintiff, *submission.defendants]
        for secret in [p.name for p in people] + [submission.plaintiff.id_number, submission.plaintiff.phone,
                                                   submission.plaintiff.address]:
            assert secret not in source

    response = requests.get(url, timeout=5)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'name="viewport"' in response.text and "<script" not in response.text
    assert "http://" not in response.text.replace(url, "") and "https://" not in response.text


def test_an_unknown_code_shows_a_friendly_404_page(browser, court):
    server, _ = court
    url = server.base_url + c.LOOKUP_PAGE_PATH.format(code="ZZZZZZZZZZ")
    assert requests.get(url, timeout=5).status_code == 404
    browser.get(url)
    assert "未找到" in browser.find_element(By.ID, "not-found").text
    assert _no_horizontal_scroll(browser)
