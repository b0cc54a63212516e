"""A reader in a real browser (Debian's chromium driven by Playwright) against gunicorn.

The archive is served the way `make run` serves it: a fresh data folder, the bundled samples
imported, the index built, gunicorn with two workers on a free loopback port.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..conftest import ROOT, SAMPLES, TODAY

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CURATOR = ("curator", "a-long-test-passphrase-13")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("served")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"ARCHIVE_DATA_DIR": str(data), "DJANGO_DEBUG": "false", "DJANGO_ENV": "development"})
    python = sys.executable

    def manage(*args):
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("load_gazetteer")
    manage("import_articles", str(SAMPLES), "--no-progress", "--today", TODAY)
    env["DJANGO_SUPERUSER_PASSWORD"] = CURATOR[1]
    manage("createsuperuser", "--noinput", "--username", CURATOR[0], "--email", "curator@example.com")
    port = free_port()
    gunicorn = Path(python).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "newsarchive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise AssertionError("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def test_reader_searches_in_bengali_and_opens_a_result(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "bn"
    assert page.locator(".items .item").count() >= 5
    page.fill("#site-q", "ইরান")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator("ol.results .item")
    assert results.count() >= 1
    assert page.locator("ol.results mark").count() >= 1
    title = results.first.locator("h3 a").inner_text()
    results.first.locator("h3 a").click()
    page.wait_for_url("**/a/*/*/")
    assert page.locator("h1").inner_text() == title
    assert page.locator(".article .body p").count() >= 2
    assert page.locator(".cite").is_visible()
    # The page fits a phone screen: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


def test_facet_click_filters_and_language_switch(server, browser):
    page = browser.new_page()
    page.goto(server + "/search/?q=সরকার")
    total_before = page.locator("ol.results .item").count()
    with page.expect_navigation():
        page.locator("#facet-outlet + ul a").first.click()
    assert "outlet=" in page.url and "q=" in page.url
    assert 1 <= page.locator("ol.results .item").count() <= total_before
    with page.expect_navigation():
        page.locator("form.lang button").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "outlet=" in page.url
    page.close()


# Every violation of the Content-Security-Policy, as the page itself sees them (and the console says).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_no_page_breaks_its_content_security_policy(server, browser):
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))

    def visit(path):
        response = page.goto(server + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__csp") == [], path

    for path in ("/", "/search/?q=সরকার", "/outlets/", "/topics/", "/archive/", "/entities/"):
        visit(path)
    entity = page.locator("main a[href^='/entity/']").first.get_attribute("href")
    visit(entity)  # its timeline bars have style attributes
    assert page.locator(".bar").count() >= 1
    visit("/admin/login/")
    page.fill("#id_username", CURATOR[0])
    page.fill("#id_password", CURATOR[1])
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    for path in ("/admin/", "/admin/articles/article/", "/admin/articles/entity/"):
        visit(path)
    change = page.locator("#result_list tbody a").first.get_attribute("href")
    assert "/change/" in change
    visit(change if change.startswith("/") else "/admin/articles/article/" + change)
    assert not [text for text in console if "Content Security Policy" in text], console
    page.close()
