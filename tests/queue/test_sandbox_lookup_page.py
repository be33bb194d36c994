"""The mobile page a receipt's QR opens (``/m/{code}``), in Debian's headless chromium at phone sizes.

Chromium and chromedriver are declared dependencies (Makefile APT_PACKAGES): the test fails without
them. Selenium Manager never runs (explicit driver and browser paths, SE_OFFLINE)."""

from __future__ import annotations

import socket
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from offline_queue import contract as c
from offline_queue.admin_client import admin_client
from offline_queue.client import CourtClient

PHONES = ((390, 844), (360, 740), (414, 896))


class LoopbackService(Service):
    """chromedriver reached at 127.0.0.1, not "localhost": a bare Debian root may have no /etc/hosts."""

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def is_connectable(self) -> bool:
        from selenium.webdriver.common import utils

        return utils.is_url_connectable(self.port, host="127.0.0.1")  # its /status says ready


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def browser(tmp_path, monkeypatch) -> Iterator[webdriver.Chrome]:
    """Debian's chromium, headless, started here and stopped by its PID; chromedriver attaches to it
    at 127.0.0.1 (left to itself it reaches the browser at "localhost", which a bare Debian root
    without /etc/hosts cannot resolve)."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    port = _free_port()
    chromium = subprocess.Popen(
        ["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=390,844",
         "--remote-debugging-address=127.0.0.1", f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver = None
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/json/version", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if chromium.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chromium did not start (exit {chromium.poll()})") from None
                time.sleep(0.1)
        options = webdriver.ChromeOptions()
        options.debugger_address = f"127.0.0.1:{port}"
        driver = webdriver.Chrome(service=LoopbackService(executable_path="/usr/bin/chromedriver"), options=options)
        driver.set_page_load_timeout(20)
        phone(driver, *PHONES[0])
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        chromium.terminate()
        try:
            chromium.wait(10)
        except subprocess.TimeoutExpired:
            chromium.kill()
            chromium.wait()


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
