"""A real server on 127.0.0.1 and Debian's Chromium driven by Playwright."""

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ifoflow.app import create_app
from ifoflow.synthetic.seed import seed
from tests.servers import serving

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def server(engine: Engine, settings_env: str) -> Iterator[str]:
    seed(engine, households=40, seed=9, today=date(2026, 11, 1))
    with serving(create_app(engine, cookie_secure=False)) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    if not Path(CHROMIUM).exists() or not shutil.which("chromium"):
        if os.environ.get("IFOFLOW_TEST_STRICT") or os.environ.get("CI"):
            pytest.fail("Chromium saknas: .ci/run ska installera Debians paket chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(accept_downloads=True, bypass_csp=True)  # lets axe-core be injected
        yield context.new_page()
        browser.close()
