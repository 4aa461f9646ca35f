"""Browser tests: the real app served on localhost, driven in Debian's headless Chromium.

A screenshot of the page is saved under tests/browser/screenshots/ when a test fails.
"""
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dmp_library.testing import served

from ..conftest import copy_site

CHROMIUM = os.environ.get("DMP_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Chromium's own network activity is refused on closed machines; these flags keep it quiet.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found at %s (apt-get install chromium)" % CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(corpus_template, tmp_path):
    """The corpus site served by waitress on a free port: (base URL, Site)."""
    site = copy_site(corpus_template, tmp_path / "site")
    with served(site.app) as base:
        yield base, site
    site.close()


@pytest.fixture
def page(chromium, request):
    """A fresh browser tab (French, phone-sized unless a test resizes it)."""
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / (request.node.name + ".png")), full_page=True)
    context.close()
