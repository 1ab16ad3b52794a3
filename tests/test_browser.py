"""The demo portfolio's site in a real browser: Debian's Chromium, driven by chromedriver,
against the built site served on localhost. Screenshots go to test-artifacts/."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from .test_cli import run

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
TODAY = "2026-11-23"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        code, _, err = run("build", "--root", str(REPO), "--today", TODAY, "--site-dir", tmp)
        assert code == 0, err
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=tmp)
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


def chromium() -> tuple[str, str]:
    """Chromium and chromedriver, or a skip that says what is missing on a developer's
    machine. In CI (`CI` set) a missing browser fails: CI must never pass by skipping."""
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        missing = [name for name, at in (("chromium", binary), ("chromedriver", driver)) if not at]
        why = f"{' and '.join(missing)} not on PATH (scripts/test.sh installs them from Debian)"
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI is set, so the browser test fails rather than skips")
        pytest.skip(why)
    return binary, driver


@pytest.mark.parametrize(
    ("ci", "outcome"), [("", pytest.skip.Exception), ("true", pytest.fail.Exception)]
)
def test_a_missing_browser_skips_on_a_laptop_and_fails_in_ci(
    ci: str, outcome: type[BaseException], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: neither program is found
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"^chromium and chromedriver not on PATH"):
        chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    binary, driver = chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    flags = [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000",
    ]  # fmt: skip
    for flag in flags:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver.ChromeService(executable_path=driver)
    chrome = webdriver.Chrome(options=options, service=service)
    yield chrome
    chrome.quit()


def shot(browser: WebDriver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def requested(browser: WebDriver) -> set[str]:
    import json

    urls = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return urls


def test_leader_finds_a_stakeholder_and_opens_the_account(
    browser: WebDriver, site_url: str
) -> None:
    wait = WebDriverWait(browser, 20)
    browser.get(site_url)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.kg-accounts")))
    assert browser.title == "Portfolio - Meridian Learning Group key accounts"
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.kg-accounts tbody tr")) == 11
    assert browser.find_element(By.CSS_SELECTOR, "svg.kamgen-matrix").is_displayed()
    shot(browser, "home")

    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys("Rudo Chikore")
    wanted = ".md-search-result__item a[href*='accounts/kopje-mining/']"
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, wanted)))
    shot(browser, "search")

    def open_hit(driver: WebDriver) -> bool:
        # Results re-render while search catches up with the typing: retry a stale click.
        try:
            driver.find_element(By.CSS_SELECTOR, wanted).click()
        except (StaleElementReferenceException, NoSuchElementException):
            return False
        return "/accounts/kopje-mining/" in driver.current_url

    wait.until(open_hit)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "svg.kamgen-map")))
    assert "/accounts/kopje-mining/" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "svg.kamgen-map").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "svg.kamgen-heatmap").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.kamgen-map g.kg-person")) == 8
    browser.execute_script(
        "arguments[0].scrollIntoView()", browser.find_element(By.CSS_SELECTOR, "svg.kamgen-map")
    )
    shot(browser, "account")

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    host = urlsplit(site_url).netloc
    elsewhere = {
        u for u in requested(browser) if urlsplit(u).scheme not in {"data", "blob"}
        and urlsplit(u).netloc != host
    }  # fmt: skip
    assert elsewhere == set()
