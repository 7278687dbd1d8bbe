"""Self-contained map HTML: Leaflet inlined, nothing loaded from the network.

folium links Leaflet, jQuery, Bootstrap, Font Awesome and Awesome Markers
from CDNs.  The maps of :mod:`geoevents.mapping` need only Leaflet, so
:func:`make_offline` drops every CDN link of a map and inlines Leaflet's
JavaScript and CSS (images as ``data:`` URIs) from the locally installed
``django-js-lib-leaflet`` package.  :func:`external_resources` lists what a
rendered page would still fetch, so a writer can refuse to call a page
"offline" when it is not.
"""
from __future__ import annotations

import base64
import functools
import re
from importlib import resources

from .errors import OutputError

#: Package (pure-data wheel ``django-js-lib-leaflet``) that carries Leaflet 1.9.4.
LEAFLET_PACKAGE = "js_lib_leaflet"
_STATIC = ("static", "js_lib_leaflet")

# Tags whose src/href makes the browser fetch something (anchors are just links).
_FETCHING_TAG = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object|image|use)\b[^>]*?"
    r"\b(?:src|href|data|xlink:href)\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]+)",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"url\(\s*[\"']?\s*((?:https?:)?//[^)\"'\s]+)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+[\"']?((?:https?:)?//[^\"'\s;]+)", re.IGNORECASE)


def _static_dir():
    try:
        root = resources.files(LEAFLET_PACKAGE)
    except ModuleNotFoundError:
        raise OutputError(
            "offline map: Leaflet is not installed locally; install it with "
            "`pip install django-js-lib-leaflet`"
        ) from None
    folder = root
    for part in _STATIC:
        folder = folder / part
    return folder


@functools.lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """Return Leaflet's JavaScript and CSS, ready to inline.

    The CSS has its images replaced by ``data:`` URIs so that nothing is
    fetched, not even from the local disk.

    Returns
    -------
    (str, str)
        ``(javascript, css)``.

    Raises
    ------
    OutputError
        When the ``django-js-lib-leaflet`` package is missing.
    """
    folder = _static_dir()
    try:
        js = (folder / "leaflet.js").read_text(encoding="utf-8")
        css = (folder / "leaflet.css").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise OutputError(f"offline map: cannot read Leaflet from {LEAFLET_PACKAGE}: {exc}") from None

    def inline(match: re.Match) -> str:
        name = match.group(1)
        try:
            data = (folder / "images" / name).read_bytes()
        except OSError:
            return "none"  # an image we cannot inline is dropped rather than fetched
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    css = re.sub(r"url\(\s*[\"']?images/([\w.-]+\.png)[\"']?\s*\)", inline, css)
    # Inlined in <script>/<style>: make sure no closing tag can hide inside.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


def _walk(element):
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def strip_cdn_links(m, keep_leaflet: bool = True) -> None:
    """Drop folium's CDN links of ``m`` (jQuery, Bootstrap, fonts, markers).

    Parameters
    ----------
    m : folium.Map
        The map; changed in place (only the map's own links).
    keep_leaflet : bool
        Keep the links to Leaflet's JS and CSS (online maps).
    """
    keep = {"leaflet", "leaflet_css"} if keep_leaflet else set()
    m.default_js = [(n, u) for n, u in type(m).default_js if n in keep]
    m.default_css = [(n, u) for n, u in type(m).default_css if n in keep]


def make_offline(m) -> None:
    """Make ``m`` render as one self-contained HTML page.

    Every CDN link of the map is dropped and Leaflet's JS and CSS are inlined
    in the page header.  Elements that need other remote code (folium plugins
    that link their own scripts) cannot work offline and raise.

    Parameters
    ----------
    m : folium.Map
        The map; changed in place.  Calling this twice is harmless.

    Raises
    ------
    OutputError
        When an element of the map needs a script or style sheet from the
        network, or Leaflet is not installed locally.
    """
    from branca.element import Element

    js, css = leaflet_assets()
    strip_cdn_links(m, keep_leaflet=False)
    for element in _walk(m):
        if element is m:
            continue
        links = list(getattr(element, "default_js", []) or []) + list(getattr(element, "default_css", []) or [])
        if links:
            names = ", ".join(name for name, _ in links)
            raise OutputError(
                f"offline map: {type(element).__name__} needs {names} from the network; "
                "leave out --offline or that element"
            )
    header = m.get_root().header
    # Named like folium's links, and added before any render, so Leaflet comes
    # first in <head> and a later render cannot add the CDN link back.
    header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css")
    header.add_child(Element(f"<script>{js}</script>"), name="leaflet")
    # Move them to the front of the header (before anything added earlier).
    children = header._children
    for name in ("leaflet", "leaflet_css"):
        children.move_to_end(name, last=False)
    m._geoevents_offline = True


def external_resources(html: str) -> list[str]:
    """List the URLs a browser would fetch when opening ``html``.

    Only fetches count (scripts, style sheets, images, frames, CSS ``url()``
    and ``@import``); plain links (``<a href>``) do not.

    Parameters
    ----------
    html : str
        A rendered page.

    Returns
    -------
    list of str
        The remote URLs, in order of appearance (empty for an offline page).
    """
    found = [m.group(2) for m in _FETCHING_TAG.finditer(html)]
    found += [m.group(1) for m in _CSS_URL.finditer(html)]
    found += [m.group(1) for m in _CSS_IMPORT.finditer(html)]
    return found
