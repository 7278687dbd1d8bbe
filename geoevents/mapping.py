"""Interactive status maps (folium / Leaflet).

:func:`make_map` draws a status frame (:func:`geoevents.status`) as a
choropleth of provinces or districts, with a legend, a title, a credit line,
markers for the places the events mention (popups with the evidence), a layer
control and, when the events span several dates, a time slider that shows the
status as of each day.  :func:`save_map` writes it to an HTML file, optionally
self-contained (``offline=True``, see :mod:`geoevents.offline`).

Every text that comes from articles or options is HTML-escaped in Python
before it reaches the page, and the data is embedded in ``<script>`` as JSON
in which ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no article
can close the script or inject markup.  The map uses no folium Tooltip/Popup
(they paste raw HTML into JavaScript template literals): its few Leaflet
elements are written here.
"""
from __future__ import annotations

import html
import json
import math
import os
import warnings
from collections import Counter
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from .errors import InputError
from .schema import STATUSES
from .style import (
    BORDER_COLOR,
    CLAIM_ONLY_ALPHA,
    FONT_FAMILY,
    NO_INFO_COLOR,
    STATUS_COLORS,
    STATUS_LABELS,
)

__all__ = ["make_map", "save_map", "script_json"]

#: Decimal places kept in map coordinates (4 is about 11 m).
COORD_DECIMALS = 4
#: Most time steps on the slider (evenly spaced dates when events span more days).
MAX_TIME_STEPS = 90
#: Rough limit (bytes) on the slider's per-date status data in the page.
STATE_BUDGET = 600_000
#: Evidence sentences listed per place marker.
MAX_POPUP_EVENTS = 25
FILL_OPACITY = 0.9
BACKGROUND = "#dde3e8"
OUTLINE_COLOR = "#3d3d3d"
_LEVELS = ("province", "district")


# --------------------------------------------------------------------------- helpers
def _esc(value: object) -> str:
    """Escape ``value`` for HTML text or attribute (None and NaN give "")."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return html.escape(str(value), quote=True)


def _short(value: object, width: int = 160) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def script_json(obj: object) -> str:
    """Return ``obj`` as JSON that is safe to paste inside ``<script>``.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``
    (so ``</script>`` or ``<!--`` in a string cannot end the script), and the
    JavaScript line separators U+2028/U+2029 are escaped too.

    Examples
    --------
    >>> script_json({"t": "</script>"})
    '{"t":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def _day(value: object) -> str | None:
    if _missing(value):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def _region_key(province_code: object, province: object, district: object = None) -> str:
    code = province_code if not _missing(province_code) else province
    code = "" if _missing(code) else str(code)
    if _missing(district):
        return code
    return f"{code}|{district}"


def _geojson(frame, keys: list[str], decimals: int = COORD_DECIMALS) -> str:
    """Features of ``frame`` (ids ``keys``) as a compact GeoJSON string."""
    import shapely

    geoms = np.asarray(frame.geometry.values, dtype=object)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    geoms = shapely.remove_repeated_points(geoms)
    parts = []
    for key, geom in zip(keys, shapely.to_geojson(geoms)):
        if geom is None or geom == "null":
            continue
        parts.append(f'{{"type":"Feature","id":{script_json(key)},"properties":{{}},"geometry":{geom}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


class _Texts:
    """Distinct escaped strings of one layer; states refer to them by index.

    The slider repeats each region's evidence for every date: an index keeps
    the page small.
    """

    def __init__(self):
        self.items: list[str] = [""]
        self._index: dict[str, int] = {"": 0}

    def __call__(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def _status_state(
    frame: pd.DataFrame | None, texts: dict[str, _Texts], evidence: bool = True
) -> dict[str, dict[str, list]]:
    """Per-region status entries of a status frame, keyed by level then region.

    Entry: ``[status, confirmed, since, n_events, evidence, note]``; since,
    evidence and note are indices into ``texts[level]`` (escaped HTML);
    without ``evidence`` the evidence index is 0 (no sentence).
    """
    with_evidence = evidence
    state: dict[str, dict[str, list]] = {"province": {}, "district": {}}
    if frame is None or len(frame) == 0:
        return state
    cols = set(frame.columns)
    for rec in pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).to_dict("records"):
        district = rec.get("district") if "district" in cols else None
        level = "province" if _missing(district) else "district"
        key = _region_key(rec.get("province_code"), rec.get("province"), district)
        if not key or key in state[level]:
            continue
        status = rec.get("status")
        status = status if status in STATUSES else None
        confirmed = rec.get("confirmed", True)
        confirmed = True if _missing(confirmed) else bool(confirmed)
        evidence = rec.get("evidence")
        if isinstance(evidence, (list, tuple, np.ndarray)):
            evidence = evidence[0] if len(evidence) else None
        n_events = rec.get("n_events")
        n_events = 0 if _missing(n_events) else int(n_events)
        note = rec.get("override")
        text = texts[level]
        state[level][key] = [
            status,
            1 if confirmed else 0,
            text(_esc(_day(rec.get("since")) or ("" if _missing(rec.get("since")) else rec.get("since")))),
            n_events,
            text("" if _missing(evidence) or not with_evidence else _esc(_short(evidence))),
            text("" if _missing(note) or note is False else _esc(_short(note))),
        ]
    return state


def _check_status(status: pd.DataFrame) -> None:
    if not isinstance(status, pd.DataFrame):
        raise InputError(f"map: status must be a (Geo)DataFrame from geoevents.status, not {type(status).__name__}")
    missing = {"status"} - set(status.columns)
    if missing or not ({"province", "province_code"} & set(status.columns)):
        raise InputError("map: status frame lacks the columns status and province/province_code")
    if "doc" in status.columns and status["doc"].dropna().nunique() > 1:
        raise InputError("map: status holds one row per document (by='doc'); map a status folded over all "
                         "documents (by='all')")


def _safe_url(url: object) -> str | None:
    if _missing(url):
        return None
    text = str(url).strip()
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return text
    return None


def _event_points(events: pd.DataFrame) -> pd.DataFrame:
    """The events with a usable ``lat``/``lon`` (from columns or Point geometry)."""
    frame = pd.DataFrame(events.drop(columns="geometry", errors="ignore")).copy()
    lat = pd.to_numeric(frame["lat"], errors="coerce") if "lat" in frame else pd.Series(np.nan, index=frame.index)
    lon = pd.to_numeric(frame["lon"], errors="coerce") if "lon" in frame else pd.Series(np.nan, index=frame.index)
    if "geometry" in events.columns:
        geom = events.geometry if hasattr(events, "geometry") else events["geometry"]
        try:
            gx = geom.x
            gy = geom.y
            lat = lat.fillna(pd.Series(np.asarray(gy, dtype=float), index=frame.index))
            lon = lon.fillna(pd.Series(np.asarray(gx, dtype=float), index=frame.index))
        except (AttributeError, ValueError, TypeError):
            pass
    frame["lat"] = lat
    frame["lon"] = lon
    frame["_day"] = [_day(v) for v in frame["date"]] if "date" in frame else None
    return frame[frame["lat"].notna() & frame["lon"].notna()]


def _place_entries(events: pd.DataFrame) -> list[dict]:
    """One marker per place: position, popup and tooltip HTML, status history."""
    frame = _event_points(events)
    if frame.empty:
        return []
    frame["_key"] = list(zip(frame["lat"].round(COORD_DECIMALS), frame["lon"].round(COORD_DECIMALS)))
    places = []
    for (lat, lon), group in frame.groupby("_key", sort=False):
        mentions = Counter(str(m) for m in group.get("mention", pd.Series(dtype=object)).dropna())
        name = mentions.most_common(1)[0][0] if mentions else "Place"
        first = group.iloc[0]
        where = ", ".join(
            str(v) for v in (first.get("district"), first.get("province")) if not _missing(v) and str(v) != name
        )
        rows = group.assign(_sort=group["_day"].fillna("")).sort_values("_sort", ascending=False, kind="stable")
        items, seen = [], set()
        for rec in rows.to_dict("records"):
            sentence = rec.get("sentence")
            ident = (rec.get("doc"), sentence, rec.get("status"))
            if ident in seen:
                continue
            seen.add(ident)
            items.append(_popup_item(rec))
        more = len(items) - MAX_POPUP_EVENTS
        body = "".join(items[:MAX_POPUP_EVENTS])
        if more > 0:
            body += f'<li class="ge-more">{more} more</li>'
        popup = (
            f'<div class="ge-popup"><h3>{_esc(name)}</h3>'
            + (f'<div class="ge-where">{_esc(where)}</div>' if where else "")
            + f'<ul class="ge-events">{body}</ul></div>'
        )
        n = len(items)
        tip = f"<b>{_esc(name)}</b><br>{n} report{'s' if n != 1 else ''}"
        history = sorted(
            ((d, s) for d, s in zip(group["_day"], group.get("status", [None] * len(group)))
             if s in STATUSES),
            key=lambda x: x[0] or "",
        )
        days = [d for d in group["_day"] if d]
        places.append({
            "lat": float(lat),
            "lon": float(lon),
            "popup": popup,
            "tip": tip,
            "first": min(days) if days else None,
            "history": [[d, s] for d, s in history],
        })
    return places


def _popup_item(rec: dict) -> str:
    status = rec.get("status")
    label = STATUS_LABELS.get(status if status in STATUSES else None, "")
    color = STATUS_COLORS.get(status if status in STATUSES else None, NO_INFO_COLOR)
    parts = []
    day = rec.get("_day")
    if day:
        parts.append(f'<span class="ge-date">{_esc(day)}</span>')
    parts.append(f'<span class="ge-swatch" style="background:{color}"></span>{_esc(label)}')
    kind = rec.get("kind")
    if not _missing(kind):
        parts.append(f'<span class="ge-kind">{_esc(kind)}</span>')
    if rec.get("confirmed") is False or rec.get("confirmed") is np.False_:
        parts.append('<span class="ge-claim">unconfirmed claim</span>')
    head = " ".join(parts)
    sentence = rec.get("sentence")
    quote = "" if _missing(sentence) else f'<div class="ge-sentence">{_esc(_short(sentence, 600))}</div>'
    url = _safe_url(rec.get("url"))
    title = rec.get("title")
    doc = rec.get("doc")
    if url:
        text = title if not _missing(title) and str(title).strip() else (urlparse(url).netloc or url)
        source = f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">{_esc(_short(text, 80))}</a>'
    else:
        text = title if not _missing(title) and str(title).strip() else doc
        source = "" if _missing(text) else _esc(_short(text, 80))
    source_html = f'<div class="ge-source">Source: {source}</div>' if source else ""
    return f"<li>{head}{quote}{source_html}</li>"


def _credit(events: pd.DataFrame | None, pack) -> str:
    parts = []
    if events is not None and len(events):
        docs = events["doc"].dropna().nunique() if "doc" in events.columns else 0
        hosts = []
        if "url" in events.columns:
            for url in events["url"].dropna():
                safe = _safe_url(url)
                host = urlparse(safe).netloc if safe else None
                if host and host not in hosts:
                    hosts.append(host.removeprefix("www."))
        text = f"Events: {docs} document{'s' if docs != 1 else ''}"
        if hosts:
            shown = ", ".join(hosts[:6]) + (f" and {len(hosts) - 6} more" if len(hosts) > 6 else "")
            text += f" ({shown})"
        parts.append(_esc(text + ", read by geoevents"))
    attribution = (getattr(pack, "meta", None) or {}).get("attribution")
    if attribution:
        parts.append(_esc(attribution))
    return " | ".join(parts)


def _time_steps(events: pd.DataFrame | None, as_of: str | None) -> list[str]:
    if events is None or len(events) == 0 or "date" not in events.columns:
        return []
    days = sorted({d for d in (_day(v) for v in events["date"]) if d and (as_of is None or d <= as_of)})
    if as_of is not None and days and days[-1] != as_of:
        days.append(as_of)
    if len(days) > MAX_TIME_STEPS:
        idx = np.unique(np.linspace(0, len(days) - 1, MAX_TIME_STEPS).round().astype(int))
        days = [days[i] for i in idx]
    return days


def _status_function():
    """geoevents.status.status, or None (with a warning) when it cannot be imported."""
    try:
        from .status import status
    except ImportError as exc:  # pragma: no cover - only while the module is missing
        warnings.warn(f"map: no time slider ({exc})", stacklevel=3)
        return None
    return status


def _load_pack(pack):
    if pack is not None and not isinstance(pack, str):
        return pack
    from .pack import load_pack

    return load_pack(pack)


# --------------------------------------------------------------------------- elements
_MAP_CLASS = None


def _map_class():
    """A folium.Map whose notebook view works without network (Leaflet inlined)."""
    global _MAP_CLASS
    if _MAP_CLASS is not None:
        return _MAP_CLASS
    import folium

    class StatusMap(folium.Map):
        """folium.Map from :func:`make_map`.

        In Jupyter it displays with Leaflet inlined, so the map renders with no
        network (and in a notebook saved and opened elsewhere); saved with
        :func:`save_map` it links Leaflet from its CDN unless ``offline``.
        """

        def _repr_html_(self, **kwargs) -> str:
            if getattr(self, "_geoevents_offline", False):
                return super()._repr_html_(**kwargs)
            from .offline import make_offline

            header = self.get_root().header
            saved = (self.default_js, self.default_css, header._children.copy())
            try:
                make_offline(self)
                return super()._repr_html_(**kwargs)
            finally:
                self.default_js, self.default_css, header._children = saved
                self._geoevents_offline = False

    _MAP_CLASS = StatusMap
    return StatusMap


def _elements():
    """Build the Leaflet element classes (folium imported lazily)."""
    from branca.element import MacroElement
    from jinja2 import Template

    class Regions(MacroElement):
        """A GeoJSON layer of regions styled by a status state (swappable)."""

        _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (spec, parent) {
            var state = {};
            if (!document.getElementById("ge-patterns")) {
                // SVG hatch patterns (one per status) for claim-only regions.
                var defs = "";
                Object.keys(spec.colors).forEach(function (k) {
                    var c = spec.colors[k];
                    defs += "<pattern id='ge-hatch-" + (k || "none") + "' patternUnits='userSpaceOnUse'"
                        + " width='7' height='7' patternTransform='rotate(45)'>"
                        + "<rect width='7' height='7' fill='" + c + "' fill-opacity='" + spec.claimOpacity + "'/>"
                        + "<rect width='3' height='7' fill='" + c + "'/></pattern>";
                });
                var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
                svg.setAttribute("id", "ge-patterns");
                svg.setAttribute("aria-hidden", "true");
                svg.setAttribute("style", "position:absolute;width:0;height:0;overflow:hidden");
                svg.innerHTML = "<defs>" + defs + "</defs>";
                document.body.appendChild(svg);
            }
            function styleFor(key) {
                if (spec.mode === "outline") {
                    return {color: spec.outline, weight: 1.3, opacity: 0.9, fill: false, dashArray: null};
                }
                var s = state[key];
                if (!s) { return spec.base; }
                var c = spec.colors[s[0] || ""] || spec.colors[""];
                if (s[1]) {
                    return {fill: true, fillColor: c, fillOpacity: spec.fillOpacity, color: spec.border,
                            weight: 1, opacity: 1, dashArray: null};
                }
                // Resting only on an unconfirmed claim: hatched in the status colour, dashed border.
                return {fill: true, fillColor: "url(#ge-hatch-" + (s[0] || "none") + ")", fillOpacity: 1,
                        color: c === spec.colors[""] ? "#999" : c, weight: 1.5, opacity: 1, dashArray: "4 3"};
            }
            function tip(key) {
                var info = spec.info[key] || {n: ""};
                var h = "<b>" + info.n + "</b>";
                if (info.p) { h += " <span class=\\"ge-muted\\">" + info.p + "</span>"; }
                var s = state[key];
                if (!s) { return h + "<br>" + spec.labels[""]; }
                h += "<br><span class=\\"ge-swatch\\" style=\\"background:" + (spec.colors[s[0] || ""]) + "\\"></span>"
                    + spec.labels[s[0] || ""];
                if (s[2]) { h += " since " + spec.texts[s[2]]; }
                if (s[3]) { h += " &middot; " + s[3] + (s[3] === 1 ? " event" : " events"); }
                if (!s[1]) { h += "<br><i class=\\"ge-claim\\">Unconfirmed claim only</i>"; }
                if (s[5]) { h += "<br>Analyst note: " + spec.texts[s[5]]; }
                if (s[4]) { h += "<div class=\\"ge-evidence\\">" + spec.texts[s[4]] + "</div>"; }
                return h;
            }
            var layer = L.geoJSON(spec.geojson, {
                className: spec.className,
                interactive: spec.mode !== "outline",
                style: function (f) { return styleFor(f.id); },
                onEachFeature: function (f, l) {
                    if (spec.mode === "outline") { return; }
                    l.bindTooltip(function () { return tip(f.id); }, {sticky: true, className: "ge-tooltip"});
                }
            });
            layer.geSetState = function (st) {
                state = st || {};
                layer.setStyle(function (f) { return styleFor(f.id); });
            };
            layer.geSetState(spec.state);
            layer.addTo(parent);
            return layer;
        })({{ this.spec }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """)

        def __init__(self, spec: str):
            super().__init__()
            self._name = "GeoRegions"
            self.spec = spec

    class Places(MacroElement):
        """Circle markers, one per place, with escaped popups and tooltips."""

        _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (spec, parent) {
            var markers = [];
            function statusAt(p, d) {
                var s = null;
                for (var i = 0; i < p.history.length; i++) {
                    if (!d || !p.history[i][0] || p.history[i][0] <= d) { s = p.history[i][1]; }
                }
                return s;
            }
            spec.places.forEach(function (p) {
                var m = L.circleMarker([p.lat, p.lon], {
                    radius: 6, className: "ge-place", color: "#ffffff", weight: 2, opacity: 1,
                    fillColor: spec.colors[statusAt(p, null) || ""], fillOpacity: 1
                });
                m.bindPopup(p.popup, {maxWidth: 380, minWidth: 220, className: "ge-popup-wrap",
                                     autoPanPaddingTopLeft: [10, 90]});
                m.bindTooltip(p.tip, {direction: "top", offset: [0, -6]});
                m.geSpec = p;
                m.addTo(parent);
                markers.push(m);
            });
            return {
                markers: markers,
                setDate: function (d) {
                    markers.forEach(function (m) {
                        var p = m.geSpec;
                        var show = !d || !p.first || p.first <= d;
                        if (show) {
                            m.setStyle({fillColor: spec.colors[statusAt(p, d) || ""]});
                            if (!parent.hasLayer(m)) { parent.addLayer(m); }
                        } else if (parent.hasLayer(m)) {
                            parent.removeLayer(m);
                        }
                    });
                }
            };
        })({{ this.spec }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """)

        def __init__(self, spec: str):
            super().__init__()
            self._name = "GeoPlaces"
            self.spec = spec

    class Chrome(MacroElement):
        """Title, legend, credit line and (optional) time slider of the map."""

        _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (spec, map, regions, places) {
            if (spec.title) {
                var t = L.DomUtil.create("div", "ge-title", map.getContainer());
                t.innerHTML = "<h1>" + spec.title + "</h1>" + (spec.subtitle ? "<p>" + spec.subtitle + "</p>" : "");
                L.DomEvent.disableClickPropagation(t);
                L.DomEvent.disableScrollPropagation(t);
            }
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "ge-legend");
                div.innerHTML = spec.legend;
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo(map);
            if (spec.credit && map.attributionControl) { map.attributionControl.addAttribution(spec.credit); }
            if (!spec.time) { return; }
            var time = spec.time;
            var ctl = L.control({position: "bottomleft"});
            ctl.onAdd = function () {
                var div = L.DomUtil.create("div", "ge-time");
                var label = L.DomUtil.create("div", "ge-time-label", div);
                var row = L.DomUtil.create("div", "ge-time-row", div);
                var play = L.DomUtil.create("button", "ge-time-play", row);
                play.type = "button";
                play.textContent = "\u25B6";
                play.title = "Play";
                play.setAttribute("aria-label", "Play the dates");
                var input = L.DomUtil.create("input", "ge-time-range", row);
                input.type = "range";
                input.min = 0;
                input.max = time.dates.length - 1;
                input.step = 1;
                input.value = time.initial;
                input.setAttribute("aria-label", "Status as of date");
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                var subtitle = map.getContainer().querySelector(".ge-title p");
                function show(i) {
                    label.innerHTML = "Status as of <b>" + time.dates[i] + "</b>";
                    if (subtitle) { subtitle.innerHTML = "Status as of " + time.dates[i]; }
                    regions.forEach(function (r) { r[0].geSetState(time.states[r[1]][i]); });
                    if (places) { places.setDate(time.dates[i]); }
                }
                var timer = null;
                function stop() {
                    if (timer) { clearInterval(timer); timer = null; }
                    play.textContent = "\u25B6";
                    play.title = "Play";
                }
                L.DomEvent.on(play, "click", function () {
                    if (timer) { stop(); return; }
                    if (parseInt(input.value, 10) >= time.dates.length - 1) { input.value = 0; show(0); }
                    play.textContent = "\u275A\u275A";
                    play.title = "Pause";
                    timer = setInterval(function () {
                        var i = parseInt(input.value, 10) + 1;
                        if (i >= time.dates.length) { stop(); return; }
                        input.value = i;
                        show(i);
                    }, time.interval);
                });
                L.DomEvent.on(input, "input change", function () { stop(); show(parseInt(input.value, 10)); });
                show(time.initial);
                return div;
            };
            ctl.addTo(map);
        })({{ this.spec }}, {{ this._parent.get_name() }},
           [{% for layer, level in this.regions %}[{{ layer.get_name() }}, {{ level|tojson }}]{{ "," if not loop.last }}{% endfor %}],
           {{ this.places.get_name() if this.places else "null" }});
        {% endmacro %}
        """)

        def __init__(self, spec: str, css: str, regions, places):
            super().__init__()
            self._name = "GeoChrome"
            self.spec = spec
            self.css = css
            self.regions = regions
            self.places = places

    return Regions, Places, Chrome


def _css() -> str:
    font = f'"{FONT_FAMILY}", Verdana, Arial, sans-serif'
    return (
        f".leaflet-container{{background:{BACKGROUND};font-family:{font}}}"
        ".ge-title{position:absolute;top:10px;left:50%;transform:translateX(-50%);z-index:640;"
        "background:rgba(255,255,255,.92);padding:6px 14px;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3);text-align:center;max-width:60%}"
        ".ge-title h1{font-size:18px;margin:0;line-height:1.25}"
        ".ge-title p{font-size:12px;margin:2px 0 0;color:#444}"
        ".ge-legend,.ge-time{background:#fff;padding:8px 10px;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12px;line-height:18px}"
        ".ge-legend h4{margin:0 0 4px;font-size:12px}"
        ".ge-legend i{display:inline-block;width:18px;height:12px;margin-right:6px;"
        "vertical-align:middle;box-sizing:border-box;border:1px solid #999}"
        ".ge-legend i.ge-dot{width:12px;height:12px;border-radius:50%;border:2px solid #fff;"
        "box-shadow:0 0 0 1px #666;margin:0 9px 0 3px}"
        ".ge-time-row{display:flex;align-items:center;gap:6px}"
        ".ge-time input{width:220px;margin:0}"
        ".ge-time-play{width:26px;height:22px;padding:0;border:1px solid #999;border-radius:3px;"
        "background:#f7f7f7;cursor:pointer;font-size:11px;line-height:1}"
        ".ge-swatch{display:inline-block;width:10px;height:10px;margin-right:4px;"
        "border:1px solid #777;vertical-align:middle}"
        ".ge-tooltip{width:max-content;max-width:300px;white-space:normal}"
        ".ge-muted,.ge-where,.ge-source{color:#555}"
        ".ge-evidence{margin-top:4px;font-style:italic;color:#333}"
        ".ge-claim{color:#8a4b00}"
        ".ge-popup h3{margin:0 0 2px;font-size:14px}"
        ".ge-popup .ge-events{max-height:260px;overflow:auto;padding-left:16px;margin:6px 0 0}"
        ".ge-popup li{margin-bottom:6px}"
        ".ge-date{font-weight:bold;margin-right:4px}"
        ".ge-kind{color:#555;margin-left:4px}"
        ".ge-popup .ge-claim{margin-left:4px}"
        ".ge-sentence{margin:2px 0}"
        ".leaflet-container .leaflet-control-attribution{max-width:62vw;white-space:normal;font-size:10px;line-height:1.35}"
        ".leaflet-control-layers{font-size:13px}"
        ".ge-popup{font-size:13px}"
    )


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _legend(level: str, has_places: bool) -> str:
    rows = ['<h4>Control status</h4>']
    for status in (*STATUSES, None):
        color = STATUS_COLORS[status]
        rows.append(f'<div><i style="background:{color}"></i>{_esc(STATUS_LABELS[status])}</div>')
    claim = STATUS_COLORS["taliban"]
    rows.append(
        '<div><i style="background:repeating-linear-gradient(45deg,'
        f'{claim} 0 2px,{_rgba(claim, CLAIM_ONLY_ALPHA)} 2px 5px);border:1px dashed {claim}"></i>'
        "Unconfirmed claim only (hatched)</div>"
    )
    if has_places:
        rows.append('<div><i class="ge-dot" style="background:#9e9e9e"></i>'
                    "Place in a report (its latest status)</div>")
    rows.append(f'<div class="ge-muted">Regions: {"districts" if level == "district" else "provinces"}</div>')
    return "".join(rows)


# --------------------------------------------------------------------------- public
def make_map(
    status: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    title: str | None = None,
    offline: bool = False,
    tiles=None,
    level: str = "province",
    as_of: str | None = None,
    overrides: str | os.PathLike | None = None,
    pack=None,
    width: str | int = "100%",
    height: str | int = "100%",
):
    """Draw a status frame as an interactive choropleth.

    Parameters
    ----------
    status : geopandas.GeoDataFrame
        Status per region from :func:`geoevents.status` (folded over all
        documents).  Its geometry is not used: the map draws the pack's
        simplified provinces or districts, so regions without a status show
        as "no information".
    events : pandas.DataFrame, optional
        Events from :func:`geoevents.events`; gives the place markers (with
        popups listing the evidence) and, when they span several dates, a
        time slider showing the status as of each date.
    title : str, optional
        Map title (default: "Control status, <country>").
    offline : bool, default False
        Inline Leaflet and drop every CDN link (see :mod:`geoevents.offline`).
    tiles : str or folium.TileLayer, optional
        A tile basemap (folium name or URL template); none by default.
    level : {"province", "district"}, default "province"
        Regions of the choropleth.
    as_of : str, optional
        Date (YYYY-MM-DD) the status was computed for: events after it are
        left out and the time slider ends there.
    overrides : path, optional
        Analyst overrides, passed to :func:`geoevents.status` for the time
        slider's dates.
    pack : Pack or str, optional
        Country pack (default: :func:`geoevents.pack.load_pack`).
    width, height : str or int
        Size of the map element.

    Returns
    -------
    folium.Map
        Displays itself in Jupyter; write it with :func:`save_map`.

    Raises
    ------
    InputError
        For an unknown ``level``, a malformed ``as_of`` or a status frame
        that is not one row per region.
    """
    import folium

    if level not in _LEVELS:
        raise InputError(f"map: unknown level {level!r}; use one of {', '.join(_LEVELS)}")
    _check_status(status)
    if as_of is not None:
        day = _day(as_of)
        if day is None:
            raise InputError(f"map: as_of {as_of!r} is not a date (YYYY-MM-DD)")
        as_of = day
    pack = _load_pack(pack if pack is not None else status.attrs.get("pack") if hasattr(status, "attrs") else None)
    if events is not None:
        if not isinstance(events, pd.DataFrame):
            raise InputError(f"map: events must be a DataFrame from geoevents.events, not {type(events).__name__}")
        if as_of is not None and "date" in events.columns and len(events):
            days = pd.Series([_day(v) for v in events["date"]], index=events.index)
            events = events[days.isna() | (days <= as_of)]

    provinces = pack.provinces_simplified
    districts = pack.districts_simplified
    minx, miny, maxx, maxy = provinces.total_bounds

    m = _map_class()(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        width=width,
        height=height,
    )
    from .offline import make_offline, strip_cdn_links

    strip_cdn_links(m, keep_leaflet=True)
    if tiles is not None:
        layer = tiles if isinstance(tiles, folium.TileLayer) else folium.TileLayer(tiles, name="Basemap", control=True)
        layer.add_to(m)
        if offline:
            warnings.warn("map: a tile basemap loads its tiles from the network even in an offline map",
                          stacklevel=2)

    # Status states: the given frame (final), and one per earlier date for the slider.
    texts = {"province": _Texts(), "district": _Texts()}
    final = _status_state(status, texts)
    steps = _time_steps(events, as_of)
    # Keep the slider's data within budget: fewer (evenly spaced) dates when regions are many.
    # Each date may bring new evidence sentences; past dates drop them if that keeps more dates.
    per_step = len(script_json(final)) + 2
    sentences = sum(len(t) for table in texts.values() for t in table.items)
    step_evidence = len(steps) * (per_step + sentences) <= STATE_BUDGET
    budget_steps = max(2, STATE_BUDGET // (per_step + (sentences if step_evidence else 0)))
    if len(steps) > budget_steps:
        idx = np.unique(np.linspace(0, len(steps) - 1, budget_steps).round().astype(int))
        steps = [steps[i] for i in idx]
    states = {"province": [], "district": []}
    status_of = _status_function() if len(steps) >= 2 else None
    if status_of is not None:
        for day in steps[:-1]:
            st = _status_state(status_of(events, as_of=day, level=level, overrides=overrides, pack=pack), texts,
                               evidence=step_evidence)
            for lvl in states:
                states[lvl].append(st[lvl])
    else:
        steps = steps[-1:]
    for lvl in states:
        states[lvl].append(final[lvl])
    initial = len(states["province"]) - 1
    final_day = as_of or (steps[-1] if steps else None)

    colors = {(k or ""): v for k, v in STATUS_COLORS.items()}
    labels = {(k or ""): _esc(v) for k, v in STATUS_LABELS.items()}
    Regions, Places, Chrome = _elements()

    def region_layer(level_name: str, frame, mode: str, base: dict, show: bool):
        if level_name == "province":
            keys = [_region_key(c, p) for c, p in zip(frame["province_code"], frame["province"])]
            info = {k: {"n": _esc(p)} for k, p in zip(keys, frame["province"])}
        else:
            keys = [_region_key(c, p, d) for c, p, d in zip(frame["province_code"], frame["province"], frame["district"])]
            info = {k: {"n": _esc(d), "p": _esc(p)} for k, p, d in zip(keys, frame["province"], frame["district"])}
        spec = (
            "{"
            f'"geojson":{_geojson(frame, keys)},'
            f'"info":{script_json(info)},'
            f'"state":{script_json(states[level_name][initial])},'
            f'"texts":{script_json(texts[level_name].items)},'
            f'"mode":{script_json(mode)},'
            f'"className":{script_json("ge-region ge-" + level_name)},'
            f'"base":{script_json(base)},'
            f'"colors":{script_json(colors)},'
            f'"labels":{script_json(labels)},'
            f'"fillOpacity":{FILL_OPACITY},"claimOpacity":{CLAIM_ONLY_ALPHA},'
            f'"border":{script_json(BORDER_COLOR)},"outline":{script_json(OUTLINE_COLOR)}'
            "}"
        )
        group = folium.FeatureGroup(name="Provinces" if level_name == "province" else "Districts", show=show)
        element = Regions(spec)
        group.add_child(element)
        group.add_to(m)
        return element

    filled = {"fill": True, "fillColor": NO_INFO_COLOR, "fillOpacity": 1, "color": BORDER_COLOR,
              "weight": 1, "opacity": 1, "dashArray": None}
    faint = {"fill": True, "fillColor": "#ffffff", "fillOpacity": 0, "color": "#8c8c8c",
             "weight": 0.6, "opacity": 0.8, "dashArray": None}
    regions = []
    if level == "province":
        regions.append((region_layer("province", provinces, "fill", filled, True), "province"))
        regions.append((region_layer("district", districts, "fill", faint, False), "district"))
    else:
        regions.append((region_layer("district", districts, "fill", filled, True), "district"))
        regions.append((region_layer("province", provinces, "outline", filled, True), "province"))

    places = None
    entries = _place_entries(events) if events is not None and len(events) else []
    if entries:
        group = folium.FeatureGroup(name="Places", show=True)
        places = Places("{" + f'"places":{script_json(entries)},"colors":{script_json(colors)}' + "}")
        group.add_child(places)
        group.add_to(m)

    country = getattr(pack, "name", None) or getattr(pack, "code", "")
    shown_title = title if title is not None else f"Control status, {country}"
    subtitle = f"Status as of {final_day}" if final_day else "Status from all reports"
    chrome_spec = {
        "title": _esc(shown_title),
        "subtitle": _esc(subtitle),
        "legend": _legend(level, bool(entries)),
        "credit": _credit(events, pack),
        "time": None,
    }
    if len(steps) >= 2:
        chrome_spec["time"] = {"dates": [_esc(d) for d in steps], "initial": initial, "states": states,
                               "interval": 900}
    m.add_child(Chrome(script_json(chrome_spec), _css(), regions, places))
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])

    from branca.element import Element

    m.get_root().header.add_child(Element(f"<title>{_esc(shown_title)}</title>"), name="geoevents_title")
    if offline:
        make_offline(m)
    return m


def save_map(m, path: str | os.PathLike, offline: bool = False) -> None:
    """Write map ``m`` to an HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`make_map` (any folium map works).
    path : str or path
        Output ``.html`` / ``.htm`` file.
    offline : bool, default False
        Write one self-contained file (Leaflet inlined, no CDN links).

    Raises
    ------
    OutputError
        When the path cannot be written, or an offline page would still load
        something from the network.
    """
    from .errors import OutputError
    from .offline import external_resources, make_offline
    from .output import atomic_output, check_output_path

    out = check_output_path(path, (".html", ".htm"))
    if offline and not getattr(m, "_geoevents_offline", False):
        make_offline(m)
    page = m.get_root().render()
    if offline or getattr(m, "_geoevents_offline", False):
        remote = external_resources(page)
        if remote:
            raise OutputError(f"{out}: the offline map would still load {remote[0]} from the network")
    with atomic_output(out) as tmp:
        tmp.write_text(page, encoding="utf-8")
