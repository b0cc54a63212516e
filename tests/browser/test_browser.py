"""A reader in a real browser (Debian's chromium driven by Playwright) against gunicorn (`server`,
tests/browser/conftest.py)."""

CURATOR = ("curator", "a-long-test-passphrase-13")


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


def test_citation_switch_and_copy_button_and_the_page_without_script(server, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "/search/?q=সরকার")
    with page.expect_navigation():
        page.locator("ol.results .item h3 a").first.click()
    formats = page.locator(".cite .cite-format")
    assert formats.count() == 6
    assert page.locator("#cite-apa").is_visible() and not page.locator("#cite-bibtex").is_visible()
    page.select_option("#cite-switch", "bibtex")
    assert page.locator("#cite-bibtex").is_visible() and not page.locator("#cite-apa").is_visible()
    page.locator(".cite-bar button").click()
    page.wait_for_function("document.querySelector('.cite-bar [role=status]').textContent !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{archive") and page.locator("h1").inner_text() in copied
    url = page.url
    context.close()

    # Without JavaScript every format is shown, and there is no button that would do nothing.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert all(
        page.locator(f"#cite-{f}").is_visible()
        for f in ("apa", "mla", "chicago", "bibtex", "ris", "csl-json")
    )
    assert page.locator(".cite-bar").count() == 0
    context.close()


# Every violation of the Content-Security-Policy, as the page itself sees them (and the console says).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_no_page_breaks_its_content_security_policy(archive, browser):
    server = archive.base
    archive.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        CURATOR[0],
        "--email",
        "curator@example.com",
        extra_env={"DJANGO_SUPERUSER_PASSWORD": CURATOR[1]},
    )
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
