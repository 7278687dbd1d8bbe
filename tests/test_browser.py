"""The offline map in real headless Chromium, with every network request blocked.

Needs Debian's ``chromium`` (/usr/bin/chromium) and the ``playwright`` Python
package; skipped with the reason when either is missing.
"""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

import geoevents.mapping as gm
from geoevents.pack import load_pack
from geoevents.style import NO_INFO_COLOR

import mapfixtures as mf

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("GEOEVENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]

if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
                "to run the browser tests", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="session")
def browser():
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def maps(tmp_path_factory):
    """Offline maps of the hand-built frames (hostile article included)."""
    folder = tmp_path_factory.mktemp("maps")
    pack = load_pack()
    status, events = mf.status_frame(pack), mf.events_frame()
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(gm, "_status_function", lambda: mf.hand_status_of)
        for name, level, title in (("province", "province", mf.HOSTILE_TITLE), ("district", "district", None)):
            path = folder / f"{name}.html"
            gm.save_map(gm.make_map(status, events, level=level, title=title, offline=True), path, offline=True)
            out[name] = path
    return out


class Page:
    """An opened map page with what it tried to fetch and what it logged."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        self.page = self.context.new_page()

        def route(r):
            url = r.request.url
            if url.startswith(("file://", "data:", "about:")):
                r.continue_()
            else:
                self.requests.append(url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.L && document.querySelectorAll('path.ge-region').length > 0",
                                    timeout=15_000)
        self.page.wait_for_timeout(300)

    def count(self, selector: str) -> int:
        return self.page.locator(f".leaflet-overlay-pane {selector}").count()

    def close(self):
        self.context.close()


@pytest.fixture
def open_map(browser):
    pages = []

    def opener(path):
        pages.append(Page(browser, path))
        return pages[-1]

    yield opener
    for page in pages:
        page.close()


def _not_blank(png: bytes) -> float:
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)
    return float(pixels.std())


def test_offline_map_draws_in_chromium(open_map, maps, tmp_path):
    view = open_map(maps["province"])
    assert view.page.evaluate("L.version") == "1.9.4"
    assert view.count("path.ge-province") == 34
    assert view.count("path.ge-place") == len(mf.EVENTS)
    assert view.count("path.ge-district") == 0  # districts layer off by default
    coloured = view.page.evaluate(
        "Array.from(document.querySelectorAll('path.ge-province'))"
        f".filter(p => p.getAttribute('fill') !== '{NO_INFO_COLOR}').length"
    )
    assert coloured == len([s for s in mf.STATUS if s[2] is None])
    assert view.page.locator(".leaflet-control-layers-overlays label").count() == 3
    assert view.page.locator(".ge-legend").count() == 1
    png = view.page.screenshot(path=str(tmp_path / "province.png"))
    assert _not_blank(png) > 10
    assert view.requests == []
    assert view.errors == []


def test_clicking_a_marker_opens_its_evidence(open_map, maps):
    view = open_map(maps["province"])
    view.page.locator("path.ge-place").nth(3).click()  # Kabul (events order)
    popup = view.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    text = popup.inner_text()
    assert mf.EVENTS[3][8] in text and "2021-08-15" in text
    assert popup.locator("a[href='https://news.example.org/kabul']").count() == 1
    assert view.errors == [] and view.requests == []


def test_region_tooltip_names_region_status_and_claim(open_map, maps):
    view = open_map(maps["province"])
    tips = view.page.evaluate("""() => {
        const out = {};
        for (const name of Object.keys(window)) {
            const v = window[name];
            if (v && v.geSetState && v.getLayers && v.options.className.includes('ge-province')) {
                v.getLayers().forEach(l => { out[l.feature.id] = l.getTooltip() && l.getTooltip()._content(l); });
            }
        }
        return out;
    }""")
    assert "<b>Baghlan</b>" in tips["AF-BGL"] and "Unconfirmed claim only" in tips["AF-BGL"]
    assert "Resistance" in tips["AF-PAN"]
    assert "No information" in tips["AF-HEL"]
    hatched = view.page.evaluate(
        "Array.from(document.querySelectorAll('path.ge-province')).filter(p => "
        "(p.getAttribute('fill') || '').startsWith('url(#ge-hatch')).length")
    assert hatched == 1


def test_hostile_article_runs_nothing(open_map, maps):
    view = open_map(maps["province"])
    charikar = view.page.locator("path.ge-place").nth(5)
    charikar.click()
    popup = view.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    view.page.wait_for_timeout(300)  # give an injected onerror a chance to fire
    assert view.page.evaluate("typeof window.__pwned") == "undefined"
    text = popup.inner_text()
    assert '<script>window.__pwned = "script";</script>' in text  # shown as text
    assert "<img src=x onerror=" in text
    assert popup.locator("script, img").count() == 0
    assert view.page.locator(".ge-title h1").inner_text() == mf.HOSTILE_TITLE
    assert view.page.title() == mf.HOSTILE_TITLE
    # the region tooltip shows the hostile evidence as text, too
    view.page.keyboard.press("Escape")
    view.page.evaluate("""() => {
        for (const name of Object.keys(window)) {
            const v = window[name];
            if (v && v.geSetState && v.getLayers && v.options.className.includes('ge-province')) {
                v.getLayers().filter(l => l.feature.id === 'AF-PAR').forEach(l => l.openTooltip(l.getCenter()));
            }
        }
    }""")
    tooltip = view.page.locator(".leaflet-tooltip.ge-tooltip")
    tooltip.wait_for(timeout=5_000)
    view.page.wait_for_timeout(300)
    assert "<img src=x onerror=" in tooltip.inner_text()
    assert tooltip.locator("script, img").count() == 0
    assert view.page.evaluate("typeof window.__pwned") == "undefined"
    assert view.errors == [] and view.requests == []


def test_time_slider_shows_the_status_as_of_each_date(open_map, maps):
    view = open_map(maps["province"])
    slider = view.page.locator("input.ge-time-range")
    coloured = (
        "Array.from(document.querySelectorAll('path.ge-province'))"
        f".filter(p => p.getAttribute('fill') !== '{NO_INFO_COLOR}').length"
    )
    slider.fill("0")
    assert "2021-08-08" in view.page.locator(".ge-time-label").inner_text()
    assert view.page.evaluate(coloured) == 1  # only Kunduz
    assert view.count("path.ge-place") == 1
    slider.fill(str(len({e[7] for e in mf.EVENTS}) - 1))
    assert view.page.evaluate(coloured) == 6
    assert view.count("path.ge-place") == len(mf.EVENTS)
    assert "2021-08-23" in view.page.locator(".ge-title p").inner_text()
    # the play button starts again from the first date and steps forward
    view.page.locator("button.ge-time-play").click()
    assert "2021-08-08" in view.page.locator(".ge-time-label").inner_text()
    view.page.wait_for_function("document.querySelector('input.ge-time-range').value >= 1", timeout=5_000)
    view.page.locator("button.ge-time-play").click()  # pause
    assert view.errors == []


def test_offline_district_map_draws_in_chromium(open_map, maps, tmp_path):
    assert maps["district"].stat().st_size <= 2_000_000
    view = open_map(maps["district"])
    assert view.count("path.ge-district") == 398
    assert view.count("path.ge-province") == 34
    png = view.page.screenshot(path=str(tmp_path / "district.png"))
    assert _not_blank(png) > 10
    assert view.errors == [] and view.requests == []


def test_example_article_map_in_chromium(open_map, tmp_path):
    """The real pipeline on the bundled example: markers open their own evidence."""
    events_mod = pytest.importorskip("geoevents.events", reason="events helper not merged yet")
    status_mod = pytest.importorskip("geoevents.status", reason="events helper not merged yet")
    import geoevents as ge
    from geoevents.docs import as_docs

    events = events_mod.events(as_docs(ge.example_text(), date="2021-09-06"))
    if len(events) == 0:
        pytest.skip("the events stage found no event in the example article")
    status = status_mod.status(events)
    path = tmp_path / "example.html"
    gm.save_map(gm.make_map(status, events, offline=True), path, offline=True)
    view = open_map(path)
    assert view.count("path.ge-province") == 34
    n_places = view.count("path.ge-place")
    assert n_places >= 1
    sentences = [" ".join(str(s).split()) for s in events["sentence"].dropna()]
    view.page.locator("path.ge-place").first.click(force=True)
    popup = view.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    text = " ".join(popup.inner_text().split())
    assert any(s[:60] in text for s in sentences)
    assert view.errors == [] and view.requests == []


HOSTILE_ARTICLE = (
    "Taliban fighters captured Kunduz <script>window.__pwned = 1</script> on Sunday, officials said. "
    "Resistance forces still hold the Panjshir valley <img src=x onerror=\"window.__pwned = 2\">, "
    "their commander said."
)


def test_hostile_article_through_the_pipeline(open_map, tmp_path):
    events_mod = pytest.importorskip("geoevents.events", reason="events helper not merged yet")
    status_mod = pytest.importorskip("geoevents.status", reason="events helper not merged yet")
    from geoevents.docs import as_docs

    events = events_mod.events(as_docs(HOSTILE_ARTICLE, date="2021-08-16"))
    if len(events) == 0:
        pytest.skip("the events stage found no event in the hostile article")
    status = status_mod.status(events)
    path = tmp_path / "hostile.html"
    gm.save_map(gm.make_map(status, events, title=HOSTILE_ARTICLE, offline=True), path, offline=True)
    view = open_map(path)
    markers = view.page.locator("path.ge-place")
    for i in range(markers.count()):
        markers.nth(i).click(force=True)
        view.page.wait_for_timeout(100)
    view.page.wait_for_timeout(300)
    assert view.page.evaluate("typeof window.__pwned") == "undefined"
    assert view.page.locator(".ge-title h1").inner_text() == HOSTILE_ARTICLE
    assert view.errors == [] and view.requests == []
