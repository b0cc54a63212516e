"""Bengali on a machine without a Bengali font: every page, the admin's too, must draw Bengali letters
with the bundled Noto Sans Bengali, not as empty boxes.

Chromium runs with a private fontconfig that knows one Latin font folder only, so a Bengali system font,
if the machine has one, stays out of sight. For the Bengali text on each page the browser is asked
(Chrome DevTools Protocol, CSS.getPlatformFontsForNode) which fonts drew it: the web font must have drawn
the Bengali letters, and the system fonts no more glyphs than the text has other characters (a Bengali
letter that fell through to a Latin font is drawn by it as a box). Screenshots at a phone's and a laptop's
width go to a temporary folder (or $ARCHIVE_SCREENSHOTS).
"""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import launched

LATIN_FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation"]
BENGALI = re.compile(r"[\u0980-\u09ff\u0964\u0965\u200c\u200d]")
WIDTHS = {"phone": 390, "laptop": 1366}
PASSWORD = "pw-for-browser-tests-only"

UNMARK = "document.querySelectorAll('[data-bn-probe]').forEach((e) => e.removeAttribute('data-bn-probe'))"
# Marks up to 12 visible elements whose own text has Bengali letters, and returns for each the text the
# browser draws for it, descendants and generated content (the "·" separators) included, white space
# collapsed: getPlatformFontsForNode counts the glyphs of all of it.
MARK_BENGALI = r"""(limit) => {
  const bengali = /[\u0980-\u09ff]/;
  const generated = (el) => ["::before", "::after"]
    .map((p) => getComputedStyle(el, p).content)
    .filter((c) => c.startsWith('"'))
    .map((c) => c.slice(1, -1))
    .join("");
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (out.length >= limit) break;
    if (["SCRIPT", "STYLE", "TEXTAREA", "SELECT", "OPTION", "NOSCRIPT"].includes(el.tagName)) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join("");
    if (!bengali.test(own)) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    el.setAttribute("data-bn-probe", out.length);
    const extra = [el, ...el.querySelectorAll("*")].map(generated).join("");
    out.push([el.textContent.replace(/\s+/g, " "), extra]);
  }
  return out;
}"""

# The BibTeX block: its Bengali line in a span with the block's monospace font stack (checked on its own
# line, as the block may be hidden behind the format switch).
PROBE_TEXTAREA = r"""() => {
  const area = document.querySelector("#cite-bibtex pre");
  const line = area.textContent.split("\n").find((l) => /[\u0980-\u09ff]/.test(l));
  const span = document.createElement("span");
  span.style.font = getComputedStyle(area).font;
  span.textContent = line.replace(/\s+/g, " ");
  span.setAttribute("data-bn-probe", "0");
  document.body.appendChild(span);
  span.getBoundingClientRect();  // lay it out before the fonts are asked for
  return document.fonts.ready.then(() => [[span.textContent]]);
}"""


# The width the search box's example needs in its font, and the room inside the box.
PLACEHOLDER_ROOM = r"""() => {
  const box = document.querySelector("#site-q");
  const style = getComputedStyle(box, "::placeholder");
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontSize} ${style.fontFamily}`;
  const inner = getComputedStyle(box);
  return [context.measureText(box.placeholder).width,
          box.clientWidth - parseFloat(inner.paddingLeft) - parseFloat(inner.paddingRight)];
}"""


@pytest.fixture(scope="module")
def fontconfig(tmp_path_factory):
    """A fontconfig file that lists one folder of Latin fonts and nothing else."""
    folder = next((d for d in LATIN_FONT_DIRS if Path(d).is_dir()), None)
    assert folder, f"none of {LATIN_FONT_DIRS} exists: install fonts-dejavu-core"
    tmp = tmp_path_factory.mktemp("fontconfig")
    conf = tmp / "fonts.conf"
    # The generic families need naming: without the system's configuration fontconfig maps them anywhere.
    aliases = "".join(
        f"<alias><family>{generic}</family><prefer><family>DejaVu {dejavu}</family>"
        f"<family>Liberation {dejavu.replace('Sans Mono', 'Mono')}</family></prefer></alias>"
        for generic, dejavu in (
            ("sans-serif", "Sans"),
            ("system-ui", "Sans"),
            ("serif", "Serif"),
            ("monospace", "Sans Mono"),
        )
    )
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder}</dir><cachedir>{tmp / 'cache'}</cachedir>{aliases}</fontconfig>\n",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", ":lang=bn", "family"], env=env, capture_output=True, text=True)
        assert listed.stdout.strip() == "", (
            "the private fontconfig still sees a Bengali font: " + listed.stdout
        )
    return env


@pytest.fixture(scope="module")
def browser(fontconfig):
    with launched(env=fontconfig) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = os.environ.get("ARCHIVE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def curator(archive):
    archive.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        "fontcurator",
        "--email",
        "curator@example.org",
        extra_env={"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    return "fontcurator"


class Watched:
    """A page whose console errors, uncaught exceptions and failed requests are collected."""

    def __init__(self, context):
        self.page = context.new_page()
        self.errors = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url} {r.failure}"))
        self.cdp = context.new_cdp_session(self.page)
        self.cdp.send("DOM.enable")
        self.cdp.send("CSS.enable")

    def goto(self, url):
        response = self.page.goto(url)
        assert response.status == 200, (url, response.status)
        assert self.page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"

    def fonts_of_probes(self):
        root = self.cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = {}
        for node in self.cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-bn-probe]"})[
            "nodeIds"
        ]:
            attrs = self.cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
            key = attrs[attrs.index("data-bn-probe") + 1]
            found[key] = self.cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return found


def assert_bengali_from_bundled_font(watched, what, script=MARK_BENGALI):
    """The fonts that drew each marked piece of Bengali text: the bundled face drew its Bengali letters."""
    watched.page.evaluate(UNMARK)
    texts = watched.page.evaluate(script, 12) if script is MARK_BENGALI else watched.page.evaluate(script)
    assert texts, f"{what}: no Bengali text found"
    fonts = watched.fonts_of_probes()
    assert sorted(fonts, key=int) == [str(i) for i in range(len(texts))], what
    for i, parts in enumerate(texts):
        text = "".join(parts)
        used = fonts[str(i)]
        bundled = [f for f in used if f["isCustomFont"] and "Bengali" in f["familyName"]]
        others = sum(f["glyphCount"] for f in used if f not in bundled)
        assert bundled and bundled[0]["glyphCount"] > 0, f"{what}: {text!r} drawn with {used}"
        # Every character that is not Bengali is at most one glyph; one more is a Bengali letter as a box.
        assert others <= len(BENGALI.sub("", text)), (
            f"{what}: Bengali in {text!r} drawn with a system font: {used}"
        )


@pytest.mark.parametrize("device", list(WIDTHS))
def test_pages_and_admin_draw_bengali_with_the_bundled_font(archive, browser, curator, shots, device):
    width = WIDTHS[device]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="bn-BD")
    watched = Watched(context)
    page = watched.page

    def check(name, *, fits=True):
        assert page.locator("html").get_attribute("lang") == "bn", name
        assert_bengali_from_bundled_font(watched, f"{name} at {width}px")
        if fits:  # nothing wider than the screen
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=str(shots / f"{device}-{name}.png"), full_page=True)

    watched.goto(archive.base + "/")
    check("home")
    # The "·" between the items of a line of facts is outside the underline of the link it precedes.
    separator = page.evaluate(
        "getComputedStyle(document.querySelector('.items .meta > a + a, .items .meta > * + a'), '::before').display"
    )
    assert separator == "inline-block"
    article = page.locator(".items .item h3 a").first.get_attribute("href")

    watched.goto(archive.base + article)
    check("article")
    assert_bengali_from_bundled_font(watched, f"BibTeX at {width}px", PROBE_TEXTAREA)

    watched.goto(archive.base + "/search/?q=সরকার")
    check("search")
    placeholder = page.locator("#site-q").get_attribute("placeholder")
    assert placeholder.endswith('"জাতিসংঘ অধিবেশন"')
    # The whole example fits in the box, on a phone too.
    needed, room = page.evaluate(PLACEHOLDER_ROOM)
    assert needed <= room, (needed, room)

    watched.goto(archive.base + "/admin/login/?next=/admin/")
    page.fill("#id_username", curator)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    assert page.url.endswith("/admin/")
    check("admin-index", fits=False)
    pk = re.search(r"/a/(\d+)/", article).group(1)
    for name, path in (
        ("admin-articles", "/admin/articles/article/"),
        ("admin-article", f"/admin/articles/article/{pk}/change/"),
        ("admin-candidates", "/admin/articles/entitycandidate/"),
    ):
        watched.goto(archive.base + path)
        check(name, fits=False)
    assert watched.errors == []
    context.close()


def test_bengali_text_waits_for_the_font_instead_of_showing_boxes(archive, browser):
    """While the bundled font is on its way the headline is not drawn at all (font-display: block):
    a screenshot of it is the same as one with the headline hidden. Once the font is in, it is drawn."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)  # Playwright's own screenshots wait for the fonts

    def shot(box):
        return cdp.send("Page.captureScreenshot", {"clip": dict(box, scale=1)})["data"]

    fonts = "**/NotoSansBengali-*.ttf"
    for _attempt in range(3):  # the browser waits about 3 s for a font; a busy machine may need another try
        held = []
        page.route(fonts, lambda route: held.append((time.monotonic(), route)))  # noqa: B023 (used at once)
        page.goto(archive.base + "/", wait_until="domcontentloaded")
        box = page.locator("h1").bounding_box()
        waiting = shot(box)
        elapsed = time.monotonic() - held[0][0] if held else 0
        page.evaluate("document.querySelector('h1').style.visibility = 'hidden'")
        hidden = shot(box)
        page.evaluate("document.querySelector('h1').style.visibility = ''")
        for _when, route in held:
            route.continue_()
        page.unroute(fonts)
        if elapsed < 2.5:
            break
    assert held, "the page asked for no Bengali font"
    assert elapsed < 2.5, f"the machine took {elapsed:.1f} s, past the time the browser waits for a font"
    assert waiting == hidden, "Bengali drawn (as boxes) before its font arrived"
    page.evaluate("document.fonts.ready")
    assert shot(box) != hidden
    context.close()
