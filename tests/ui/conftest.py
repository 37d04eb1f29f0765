"""UI harness: the real KioskApp under Xvfb (started here when there is no display), one app per
process, reset between tests; every screen visited is saved under ``artifacts/ui/<test>/`` and audited
for accessibility."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.display import ensure_display
from kiosk.settings import load_settings

WIDTH, HEIGHT = 540, 960
"""Half the real 1080×1920 screen: the theme scales, so layouts are the same at half the pixels."""

# Before any test module imports screens (which creates Kivy's window): display and window config.
ensure_display(WIDTH, HEIGHT)
from screens.launch import prepare_kivy  # noqa: E402

prepare_kivy(WIDTH, HEIGHT, kivy_home=tempfile.mkdtemp(prefix="kivy-test-"))


@pytest.fixture(scope="session")
def ui_app(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path):  # noqa: ANN201
    from kiosk.services import KioskServices
    from screens.walkthrough.driver import UiDriver

    settings = load_settings(environ={})
    settings.ui.width, settings.ui.height = WIDTH, HEIGHT
    settings.kiosk.data_dir = tmp_path_factory.mktemp("data")
    settings.platform.base_url = "http://127.0.0.1:0"
    services = KioskServices(settings)
    services.start()
    driver = UiDriver.launch(services, artifacts=artifacts_dir / "ui" / "_start")
    yield driver
    driver.close()


@pytest.fixture
def ui(ui_app, request: pytest.FixtureRequest, artifacts_dir: Path) -> Iterator:  # noqa: ANN001
    """The driven app at a pristine home screen; screenshots go to artifacts/ui/<test name>/; every screen
    the test shows is audited for accessibility (screens/access_audit.py) and findings fail the test."""
    from screens.walkthrough.access_audit import AccessAudit

    driver = ui_app
    services = driver.services
    services.admin_mode = False
    services.admin.failures = 0
    services.admin._locked_until = 0.0
    if not services.session.is_pristine():
        services.session.end("reset")
    driver.pump(3)
    driver.app.show("home")
    driver.pump(2)
    driver.artifacts = artifacts_dir / "ui" / request.node.name
    shutil.rmtree(driver.artifacts, ignore_errors=True)
    driver._last_shot_key = ""
    audit = AccessAudit().attach(driver)
    driver.auto_shot()
    yield driver
    driver.screen_checks.remove(audit.check)
    if audit.findings:
        pytest.fail(f"accessibility audit of {sorted(audit.screens)}:\n{audit.report()}", pytrace=False)
