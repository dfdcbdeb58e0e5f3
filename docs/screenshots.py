"""Screenshots of the main pages at a phone's and a desktop's width, for docs/design.md.

    .venv/bin/python docs/screenshots.py http://127.0.0.1:8000

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against a running site (for
instance `make run`) and writes docs/images/look-<page>-<width>.png: the first screen of each.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = [
    ("home", "/"),
    ("index", "/implementation-agreements/"),
    ("overview", "/implementation-agreements/peru/"),
    ("process", "/implementation-agreements/peru/application-process/"),
    ("register", "/projects/"),
    ("search", "/search/?q=corresponding+adjustments"),
]
SIZES = [(375, 812), (1280, 900)]
OUT = Path(__file__).resolve().parent / "images"


def main(base):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES:
                page.goto(base.rstrip("/") + path)
                page.wait_for_function("customElements.get('sgds-masthead') !== undefined")
                page.screenshot(path=OUT / f"look-{name}-{width}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
