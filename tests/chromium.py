"""Debian's headless Chromium for the tests that drive a web page (the lookup page, the video console).

Chromium and chromedriver are declared dependencies (Makefile APT_PACKAGES): a test fails without them.
Selenium Manager never runs (explicit driver and browser paths; set SE_OFFLINE). The browser is started
here and stopped by its PID; chromedriver attaches to it at 127.0.0.1 (left to itself it reaches the
browser at "localhost", which a bare Debian root without /etc/hosts cannot resolve)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


class LoopbackService(Service):
    """chromedriver reached at 127.0.0.1, not "localhost"."""

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def is_connectable(self) -> bool:
        from selenium.webdriver.common import utils

        return utils.is_url_connectable(self.port, host="127.0.0.1")  # its /status says ready


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def chromium_process(profile: Path, window: tuple[int, int], flags: Sequence[str] = (), *,
                     die_with_parent: bool = False) -> Iterator[tuple[webdriver.Chrome, subprocess.Popen]]:
    """A headless Chromium (``flags`` added to its command line), its driver and the browser's process; both
    stopped at the end. ``die_with_parent``: the kernel also sends both SIGTERM if this process dies first
    (a crash skips every ``finally``: the benchmarks)."""
    preexec = None
    if die_with_parent:
        import ctypes
        import signal

        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in the forked child

        def preexec() -> None:
            prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG

    port = free_port()
    process = subprocess.Popen(
        ["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}", *flags,
         "--remote-debugging-address=127.0.0.1", f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=preexec)
    driver = None
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/json/version", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chromium did not start (exit {process.poll()})") from None
                time.sleep(0.1)
        options = webdriver.ChromeOptions()
        options.debugger_address = f"127.0.0.1:{port}"
        service = LoopbackService(executable_path="/usr/bin/chromedriver",
                                  **({"popen_kw": {"preexec_fn": preexec}} if preexec else {}))
        driver = webdriver.Chrome(service=service, options=options)
        driver.set_page_load_timeout(20)
        yield driver, process
    finally:
        if driver is not None:
            driver.quit()
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def chromium(profile: Path, window: tuple[int, int], flags: Sequence[str] = ()) -> Iterator[webdriver.Chrome]:
    """A headless Chromium (``flags`` added to its command line) and its driver; both stopped at the end."""
    with chromium_process(profile, window, flags) as (driver, _):
        yield driver
