"""Screenshots of the demo site for the README: the home page and an account page, on a
390 px phone and a 1280 px desktop, first screen only, light palette.

    .venv/bin/python scripts/screenshots.py [--account kopje-mining] [--out docs/screenshots]

Builds the demo portfolio with a fixed --today (so the pictures change only when the site
does), serves it on localhost, and drives Debian's Chromium through chromedriver."""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
SCREENS = {"390": (390, 844), "1280": (1280, 900)}  # name suffix: (width, height) in CSS px


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(site: Path) -> None:
    command = [sys.executable, "-m", "kamgen", "build", "--root", str(REPO), "--today", TODAY]
    subprocess.run([*command, "--site-dir", str(site)], check=True, capture_output=True)


def browser() -> WebDriver:
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        sys.exit("chromium and chromedriver are needed: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--disable-background-networking", "--no-first-run"):  # fmt: skip
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(driver))


def capture(chrome: WebDriver, url: str, width: int, height: int, target: Path) -> None:
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    chrome.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    chrome.get(url)
    WebDriverWait(chrome, 20).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    chrome.save_screenshot(str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--account", default="kopje-mining", help="account page to picture")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        handler = functools.partial(Quiet, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        chrome = browser()
        # The light palette whatever the machine prefers: Material follows the media query.
        features = [{"name": "prefers-color-scheme", "value": "light"}]
        chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": features})
        try:
            pages = {"home": base, "account": f"{base}accounts/{args.account}/"}
            for name, url in pages.items():
                for suffix, (width, height) in SCREENS.items():
                    target = args.out / f"{name}-{suffix}.png"
                    capture(chrome, url, width, height, target)
                    print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
        finally:
            chrome.quit()
            server.shutdown()


if __name__ == "__main__":
    main()
