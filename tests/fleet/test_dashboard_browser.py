"""The hall manager's page in a real browser (Debian's headless Chromium through Selenium): log in, see
kiosks appear live with the one that needs a person first, give an order and see its reply."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.fleet.agent import FleetAgent
from kiosk.fleet.target import ServicesTarget
from tests.fleet.test_agent import Watcher
from tests.kiosk_helpers import running_services

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "hall-manager-pass-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("chromium and chromium-driver are not installed (scripts/setup.sh installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    profile = tempfile.mkdtemp(prefix="chromium-")
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=1280,900",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or ""))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def dashboard(broker: int) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "KIOSK_FLEET_DASHBOARD_PASSWORD": PASSWORD}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "fleet", "dashboard", "--broker", f"mqtt://127.0.0.1:{broker}", "--port",
         str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


def _wait(check: Any, timeout: float = 15.0) -> Any:  # noqa: ANN401
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
            if value:
                return value
        except Exception:  # noqa: BLE001 - the page is still drawing
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the page did not show it in time")
        time.sleep(0.2)


def test_manager_sees_kiosks_live_and_gives_an_order(broker: int, dashboard: str, browser: Any, tmp_path: Path) -> None:  # noqa: ANN401
    from selenium.webdriver.common.by import By

    browser.get(dashboard)
    browser.find_element(By.ID, "password").send_keys("wrong-password")
    browser.find_element(By.ID, "login").click()
    assert "Wrong password" in browser.page_source
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login").click()
    _wait(lambda: "kiosks" in browser.find_element(By.ID, "summary").text)

    watcher = Watcher(broker)  # a second kiosk whose paper ran out, as its report says
    watcher.publish("kiosk/KIOSK-B/state", {"state": "online"}, retain=True)
    watcher.publish("kiosk/KIOSK-B/health", {"paper": "out", "devices": {"printer": "degraded"}, "outbox_depth": 0})
    with running_services(tmp_path / "data") as services:
        settings = services.settings
        settings.fleet.broker_url = f"mqtt://127.0.0.1:{broker}"
        settings.fleet.interval_s = 1
        target = ServicesTarget(services, time.time())
        agent = FleetAgent(settings, target, target.health, state_path=tmp_path / "commands.json")
        agent.start()
        kid = settings.kiosk.id
        # the page redraws every second: each look finds its elements afresh (a stale one is retried)
        _wait(lambda: "online" in browser.find_element(By.ID, f"kiosk-{kid}").text)

        def first_row_needs_a_person() -> bool:
            first = browser.find_elements(By.CSS_SELECTOR, "#kiosks tr")[0]
            return (
                first.get_attribute("id") == "kiosk-KIOSK-B"
                and "attention" in (first.get_attribute("class") or "")
                and "paper out" in first.text
            )

        _wait(first_row_needs_a_person)
        _wait(
            lambda: (
                browser.find_element(By.CSS_SELECTOR, f"#kiosk-{kid} button[data-command='self_test']").click() or True
            )
        )
        _wait(lambda: "self_test: OK" in browser.find_element(By.ID, f"kiosk-{kid}").text)
        summary = browser.find_element(By.ID, "summary").text
        assert "2 台终端 kiosks" in summary and "1 台需要处理" in summary
        browser.save_screenshot(str(ROOT / "artifacts" / "fleet-dashboard.png"))
        agent.stop()
    _wait(lambda: "offline" in browser.find_element(By.ID, f"kiosk-{kid}").text)
    watcher.close()
