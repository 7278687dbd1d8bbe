"""Static newsroom map of region statuses, drawn with matplotlib and geopandas.

:func:`figure` takes a frame of region polygons that already carries the
status of every region (see :func:`geoevents.export.regions`) and lays out a
publication-ready map: title, subtitle, legend, credit line, a small locator
inset and region labels that never overlap each other, the legend or the
inset.  Regions too small for their name get a leader line to a label in free
space nearby, or (when no such space exists) an abbreviation.

Nothing here knows about a particular country: projection, label sizes and
legend corner are derived from the geometry.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from . import style
from .errors import InputError
from .schema import STATUSES

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from matplotlib.figure import Figure

__all__ = ["PRESETS", "Preset", "figure", "rc_params", "save_metadata", "get_preset"]


@dataclass(frozen=True)
class Preset:
    """Size and type scale of a graphic.

    Attributes
    ----------
    name : str
        Registry name (``"web"``, ``"square"``, ``"print"``).
    width_in : float
        Figure width in inches.
    dpi : int
        Raster resolution (PNG pixels = ``width_in * dpi``).
    square : bool
        Force a square figure (social media cards).
    scale : float
        Multiplier of every font size and line width.
    """

    name: str
    width_in: float
    dpi: int
    square: bool = False
    scale: float = 1.0


#: Registry of presets by name.
PRESETS: dict[str, Preset] = {
    "web": Preset("web", 8.0, 200),  # 1600 px wide
    "square": Preset("square", 6.0, 180, square=True, scale=0.9),  # 1080 x 1080 px
    "print": Preset("print", 7.0, 300, scale=0.95),  # vector; 7 in column
}

INK = "#1a1a1a"
MUTED = "#595959"
OUTLINE = "#8c8c8c"
LOCATOR_LAND = "#d9d9d9"
HATCH = "////"
CLAIM_LABEL = "Unconfirmed claim only"  # as on the interactive map
BOX_PAD = 0.12  # background box of boxed labels, in font sizes


def get_preset(name: str | Preset) -> Preset:
    """Return the preset called ``name`` (or ``name`` itself when already a Preset).

    Raises
    ------
    InputError
        When no preset has that name (the message lists the valid ones).
    """
    if isinstance(name, Preset):
        return name
    try:
        return PRESETS[name]
    except KeyError:
        raise InputError(f"preset: unknown preset {name!r}; use one of {', '.join(PRESETS)}") from None


def rc_params() -> dict:
    """Return the matplotlib settings every graphic is drawn and saved with.

    Text stays text in SVG (``svg.fonttype='none'``) and PDF (TrueType, type 42);
    ``svg.hashsalt`` is fixed so that the same input gives the same SVG bytes.
    """
    return {
        "font.family": style.FONT_FAMILY,
        "font.sans-serif": [style.FONT_FAMILY],
        "svg.fonttype": "none",
        "svg.hashsalt": "geoevents",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "hatch.linewidth": 0.6,
        "axes.unicode_minus": False,
        "path.simplify": True,
    }


def save_metadata(fmt: str) -> dict:
    """Return ``savefig`` metadata without timestamps (reproducible files)."""
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return {}


# ----------------------------------------------------------------------------- helpers


def _blend(color: str, alpha: float) -> tuple[float, float, float]:
    """Return ``color`` at opacity ``alpha`` over white, as an opaque RGB tuple."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (1 - alpha + alpha * r, 1 - alpha + alpha * g, 1 - alpha + alpha * b)


def _is_dark(rgb) -> bool:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


def _wrap(text: str, size: float, weight: str, width_in: float) -> list[str]:
    """Split ``text`` into lines no wider than ``width_in`` inches at ``size`` points."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=style.FONT_FAMILY, size=size, weight=weight)
    measure = TextToPath()
    widths: dict[str, float] = {}

    def width(chunk: str) -> float:  # inches; words are measured once
        if chunk not in widths:
            widths[chunk] = measure.get_text_width_height_descent(chunk, prop, ismath=False)[0] / 72
        return widths[chunk]

    def fits(line: str, limit: float) -> bool:
        words = line.split(" ")
        space = width("x x") - 2 * width("x")
        return sum(width(w) for w in words) + (len(words) - 1) * space <= limit

    def greedy(limit: float) -> list[str]:
        lines: list[str] = []
        for paragraph in str(text).splitlines() or [""]:
            current = ""
            for word in paragraph.split():
                trial = f"{current} {word}" if current else word
                if current and not fits(trial, limit):
                    lines.append(current)
                    current = word
                else:
                    current = trial
            lines.append(current)
        return [line for line in lines if line] or [""]

    lines = greedy(width_in)
    if len(lines) > 1:  # balance the lines: the narrowest width that needs no more lines
        lo, hi = width_in / len(lines), width_in
        for _ in range(12):
            mid = (lo + hi) / 2
            if len(greedy(mid)) <= len(lines):
                hi = mid
            else:
                lo = mid
        lines = greedy(hi)
    return lines


def _largest_part(geom):
    if geom.geom_type == "MultiPolygon":
        return max(geom.geoms, key=lambda g: g.area)
    return geom


def _shell(geom):
    """Return ``geom`` without holes or the slivers left between simplified regions."""
    import shapely

    eps = math.sqrt(max(geom.area, 1e-12)) / 2000
    closed = shapely.buffer(shapely.buffer(geom, eps), -eps)
    parts = getattr(closed, "geoms", [closed])
    return shapely.union_all([shapely.Polygon(p.exterior) for p in parts if p.geom_type == "Polygon" and not p.is_empty])


def _anchor(geom):
    """Return the pole of inaccessibility of ``geom`` (its largest part)."""
    from shapely.ops import polylabel

    part = _largest_part(geom)
    if part.geom_type != "Polygon" or part.is_empty:
        return part.representative_point()
    return polylabel(part, tolerance=math.sqrt(part.area) / 50)


def _overlaps(box, boxes, pad: float = 0.0) -> bool:
    x0, y0, x1, y1 = box
    for bx0, by0, bx1, by1 in boxes:
        if x0 < bx1 + pad and x1 > bx0 - pad and y0 < by1 + pad and y1 > by0 - pad:
            return True
    return False


def _segments_cross(p1, p2, p3, p4) -> bool:
    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(p3, p4, p1), orient(p3, p4, p2)
    d3, d4 = orient(p1, p2, p3), orient(p1, p2, p4)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def _segment_hits_box(p, q, box) -> bool:
    """True when the segment ``p``-``q`` meets the axis-aligned ``box`` (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = box
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, lo, hi, start in ((dx, x0, x1, p[0]), (dy, y0, y1, p[1])):
        if d == 0:
            if start < lo or start > hi:
                return False
            continue
        ta, tb = (lo - start) / d, (hi - start) / d
        if ta > tb:
            ta, tb = tb, ta
        t0, t1 = max(t0, ta), min(t1, tb)
        if t0 > t1:
            return False
    return True


def _nearest_on_box(p, box):
    x0, y0, x1, y1 = box
    return (min(max(p[0], x0), x1), min(max(p[1], y0), y1))


@lru_cache(maxsize=1)
def _world():
    """Return the bundled low-resolution world countries (Natural Earth 1:110m)."""
    import geopandas as gpd

    path = resources.files("geoevents") / "data" / "world_110m.parquet"
    with resources.as_file(path) as p:
        return gpd.read_parquet(p)


# ----------------------------------------------------------------------------- layout


class _Labeller:
    """Greedy, collision-free label placement in display (pixel) space."""

    def __init__(self, fig, ax, renderer, scale: float):
        self.fig, self.ax, self.renderer = fig, ax, renderer
        self.px_per_pt = fig.dpi / 72.0
        self.scale = scale
        self.obstacles: list[tuple[float, float, float, float]] = []
        self.lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
        x0, y0, x1, y1 = ax.bbox.extents
        m = 2 * self.px_per_pt
        self.frame = (x0 + m, y0 + m, x1 - m, y1 - m)
        self.to_px = ax.transData.transform
        self.to_data = ax.transData.inverted().transform

    def measure(self, text: str, size: float, weight: str = "normal", boxed: bool = True) -> tuple[float, float]:
        """Width and height (px) of ``text`` as drawn, with its background box when ``boxed``."""
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(family=style.FONT_FAMILY, size=size, weight=weight)
        w, h, _ = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
        _, lp_h, _ = self.renderer.get_text_width_height_descent("lp", prop, ismath=False)
        pad = 2 * BOX_PAD * size * self.px_per_pt if boxed else 0.0
        return w + pad, max(h, lp_h) + pad  # as in matplotlib, a line is at least as tall as "lp"

    def inside_frame(self, box) -> bool:
        fx0, fy0, fx1, fy1 = self.frame
        return box[0] >= fx0 and box[1] >= fy0 and box[2] <= fx1 and box[3] <= fy1

    def free(self, box, pad_pt: float = 1.0) -> bool:
        pad = pad_pt * self.px_per_pt
        if not self.inside_frame(box) or _overlaps(box, self.obstacles, pad):
            return False
        grown = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        return not any(_segment_hits_box(a, b, grown) for a, b in self.lines)

    def add(self, box):
        self.obstacles.append(tuple(box))

    def text(self, x_px, y_px, s, size, *, color=INK, weight="normal", boxed=False, ha="center"):
        x, y = self.to_data((x_px, y_px))
        kw = {}
        if boxed:
            kw["bbox"] = dict(boxstyle=f"square,pad={BOX_PAD}", fc="white", ec="none", alpha=0.8)
        return self.ax.text(x, y, s, fontsize=size, color=color, weight=weight, ha=ha, va="center", zorder=6, **kw)


def _fit_inside(lab: _Labeller, geom, text: str, size: float, anchor_px, boxed: bool = False):
    """Return a label centre (px) inside ``geom`` where ``text`` fits, or None."""
    import shapely

    w, h = lab.measure(text, size, boxed=boxed)
    pad = 1.2 * lab.px_per_pt
    part = _largest_part(geom)
    # candidate centres: the anchor, then a grid over the part, nearest first
    minx, miny, maxx, maxy = part.bounds
    gx, gy = np.meshgrid(np.linspace(minx, maxx, 14)[1:-1], np.linspace(miny, maxy, 14)[1:-1])
    pts_data = np.column_stack([gx.ravel(), gy.ravel()])
    pts = lab.to_px(pts_data)
    pts = np.vstack([np.asarray(anchor_px)[None, :], pts])
    order = np.argsort(np.hypot(pts[:, 0] - anchor_px[0], pts[:, 1] - anchor_px[1]), kind="stable")
    pts = pts[order]
    hw, hh = w / 2 + pad, h / 2 + pad
    corners_px = np.column_stack([pts[:, 0] - hw, pts[:, 1] - hh, pts[:, 0] + hw, pts[:, 1] + hh])
    lo = lab.to_data(corners_px[:, :2])
    hi = lab.to_data(corners_px[:, 2:])
    boxes = shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1])
    ok = shapely.contains(part, boxes)
    for i in np.flatnonzero(ok):
        box = (pts[i, 0] - w / 2, pts[i, 1] - h / 2, pts[i, 0] + w / 2, pts[i, 1] + h / 2)
        if lab.free(box, 0.5):
            return float(pts[i, 0]), float(pts[i, 1])
    return None


def _leader_spot(lab: _Labeller, anchor_px, w: float, h: float, avoid_geoms, country, outward=None, preferred=()):
    """Return ``(centre, box, cost)`` of the best free label spot near ``anchor_px``, or None.

    Candidates sit on rings around the anchor; the cost is the leader length,
    plus penalties for crossing another leader, running through a placed
    label, covering another small region or the best spot of another name
    (``preferred`` boxes), or pointing back into the cluster of small regions
    (``outward`` is the unit vector away from it).
    """
    import shapely

    ppt = lab.px_per_pt
    placed = np.array(lab.obstacles) if lab.obstacles else np.zeros((0, 4))
    best = None
    for r_pt in (6, 10, 15, 21, 28, 37, 48, 62):
        r = r_pt * ppt * lab.scale
        for k in range(24):
            ang = math.radians(k * 15)
            ux, uy = math.cos(ang), math.sin(ang)
            ext = abs(ux) * w / 2 + abs(uy) * h / 2
            cx, cy = anchor_px[0] + ux * (r + ext), anchor_px[1] + uy * (r + ext)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if not lab.free(box, 1.5):
                continue
            end = _nearest_on_box(anchor_px, box)
            cost = r
            if outward is not None:
                cost += 14 * ppt * (1 - (ux * outward[0] + uy * outward[1])) / 2
            if abs(uy) > 0.97:
                cost += 3 * ppt  # straight up/down reads worse than sideways
            if preferred and _overlaps(box, preferred, ppt):
                cost += 12 * ppt  # where another region's name would sit best
            if best is not None and cost >= best[2]:
                continue
            if any(_segments_cross(anchor_px, end, a, b) for a, b in lab.lines):
                cost += 200 * ppt
            if len(placed):
                seg = shapely.LineString([anchor_px, end])
                boxes = shapely.box(placed[:, 0], placed[:, 1], placed[:, 2], placed[:, 3])
                # the anchor's own dot is an obstacle: ignore boxes holding the anchor
                hit = shapely.intersects(seg, boxes) & ~shapely.contains_xy(boxes, anchor_px[0], anchor_px[1])
                if hit.any():
                    cost += 200 * ppt
            lo = lab.to_data([box[:2]])[0]
            hi = lab.to_data([box[2:]])[0]
            poly = shapely.box(lo[0], lo[1], hi[0], hi[1])
            if avoid_geoms is not None and len(avoid_geoms):
                if shapely.intersects(avoid_geoms, poly).any():
                    cost += 20 * ppt
                line = shapely.LineString(lab.to_data([anchor_px, end]))
                if shapely.intersects(avoid_geoms, line).any():
                    cost += 10 * ppt  # the leader runs across another small region
            if country is not None and not shapely.intersects(country, poly):
                cost -= 4 * ppt  # prefer blank space outside the country
            if best is None or cost < best[2] - 1e-9:
                best = ((cx, cy), box, cost)
        if best is not None and best[2] <= r:
            break  # a larger ring cannot do better
    return best


# ----------------------------------------------------------------------------- the figure


def figure(
    regions: gpd.GeoDataFrame,
    *,
    title: str,
    subtitle: str | None = None,
    credit: str | None = None,
    preset: str | Preset = "web",
    points: list[tuple[str, float, float]] | None = None,
    labels: gpd.GeoDataFrame | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    locator: bool = True,
) -> Figure:
    """Draw a static status map.

    Parameters
    ----------
    regions : geopandas.GeoDataFrame
        Every region of the map (EPSG:4326) with ``status`` (one of
        ``geoevents.schema.STATUSES`` or None) and ``confirmed`` (bool; False
        draws the region hatched and lighter, as a claim only).
    title : str
        Headline, top left.
    subtitle : str, optional
        Line under the title (say what is shown and as of when).
    credit : str, optional
        Source and credit line, bottom left (wrapped to the width).
    preset : str or Preset, default "web"
        Size: ``"web"`` (1600 px wide), ``"square"`` (1080 x 1080 px),
        ``"print"`` (7 in wide, for PDF/SVG).
    points : list of (label, lon, lat), optional
        Places to mark and label (e.g. a district centre).
    labels : geopandas.GeoDataFrame, optional
        Polygons to label, with a ``label`` column and optionally ``short``
        (abbreviation) and ``status``/``confirmed`` (to pick a contrasting
        text colour).  Defaults to ``regions`` when it has a ``label`` column.
    outlines : geopandas.GeoDataFrame, optional
        Extra boundaries drawn over the fills (province borders on a district map).
    locator : bool, default True
        Draw the small locator inset.

    Returns
    -------
    matplotlib.figure.Figure
        A figure attached to an Agg canvas (not registered with pyplot).
    """
    import shapely
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    p = get_preset(preset)
    s = p.scale
    if regions is None or len(regions) == 0:
        raise InputError("export: there are no regions to draw")
    crs = regions.estimate_utm_crs()
    reg = regions.to_crs(crs)
    lab_frame = labels if labels is not None else (regions if "label" in regions.columns else None)
    lab_frame = lab_frame.to_crs(crs) if lab_frame is not None else None
    country = shapely.union_all(shapely.make_valid(reg.geometry.values))

    # --- sizes (points) and bands (inches)
    fs_title, fs_sub, fs_label, fs_legend, fs_credit, fs_point = (
        16 * s, 10 * s, 6.6 * s, 7.5 * s, 6.2 * s, 7.2 * s)
    margin = 0.28 * s
    W = p.width_in
    text_w = W - 2 * margin
    title_lines = _wrap(title, fs_title, "bold", text_w)
    sub_lines = _wrap(subtitle, fs_sub, "normal", text_w) if subtitle else []
    credit_lines = _wrap(credit, fs_credit, "normal", text_w) if credit else []
    lead_title, lead_sub, lead_credit = fs_title * 1.25 / 72, fs_sub * 1.4 / 72, fs_credit * 1.35 / 72
    top = margin + len(title_lines) * lead_title + len(sub_lines) * lead_sub + 0.12 * s
    bottom = margin + len(credit_lines) * lead_credit + (0.06 if credit_lines else 0)
    minx, miny, maxx, maxy = reg.total_bounds
    pad = 0.045 * max(maxx - minx, maxy - miny)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    map_w = W - 2 * margin
    if p.square:
        H = W
        map_h = H - top - bottom
    else:
        ratio = min(max((maxy - miny) / (maxx - minx), 0.5), 1.3)
        map_h = map_w * ratio
        H = top + map_h + bottom
    # expand the data window to the box ratio, centred
    box_ratio = map_h / map_w
    dw, dh = maxx - minx, maxy - miny
    if dh / dw < box_ratio:
        extra = (dw * box_ratio - dh) / 2
        miny, maxy = miny - extra, maxy + extra
    else:
        extra = (dh / box_ratio - dw) / 2
        minx, maxx = minx - extra, maxx + extra

    fig = Figure(figsize=(W, H), dpi=p.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    fig.canvas.draw_idle = lambda *args, **kwargs: None  # geopandas asks for a redraw after every layer
    renderer = fig.canvas.get_renderer()
    ax = fig.add_axes((margin / W, bottom / H, map_w / W, map_h / H))
    ax.set_axis_off()
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal", adjustable="datalim")
    ax.apply_aspect()

    # --- fills
    import pandas as pd

    status = reg["status"] if "status" in reg else pd.Series(None, index=reg.index, dtype=object)
    status = status.where(status.isin(list(STATUSES)), None)
    confirmed = reg["confirmed"] if "confirmed" in reg else pd.Series(True, index=reg.index)
    reg = reg.assign(_status=status, _claim=status.notna() & ~confirmed.fillna(True).astype(bool))
    lw_border = 0.45 * s
    present = []
    claim_edges = []  # (area, colour): dashed outline in the status colour, as on the interactive map
    for st in (None, *STATUSES):
        for claim in (False, True):
            sel = reg[(reg["_status"].isna() if st is None else reg["_status"].eq(st)) & reg["_claim"].eq(claim)]
            if not len(sel):
                continue
            present.append((st, claim))
            color = style.status_color(st)
            if claim:
                sel.plot(ax=ax, color=_blend(color, style.CLAIM_ONLY_ALPHA), edgecolor=style.BORDER_COLOR,
                         linewidth=lw_border, hatch=HATCH, zorder=1)
                ax.collections[-1].set_hatchcolor(color)
                claim_edges.append((shapely.union_all(sel.geometry.values), color))
            else:
                sel.plot(ax=ax, color=color, edgecolor=style.BORDER_COLOR, linewidth=lw_border, zorder=1)
    if outlines is not None and len(outlines):
        outlines.to_crs(crs).boundary.plot(ax=ax, color=style.BORDER_COLOR, linewidth=1.1 * s, zorder=2)
    import geopandas as gpd

    for area, color in claim_edges:
        gpd.GeoSeries([area], crs=crs).boundary.plot(ax=ax, color=color, linewidth=0.8 * s, linestyle=(0, (3, 2)),
                                                     zorder=2.5)
    gpd.GeoSeries([_shell(country)], crs=crs).boundary.plot(ax=ax, color=OUTLINE, linewidth=0.55 * s, zorder=3)

    # --- legend (corner covering the least land)
    handles = []
    seen = set()
    for st in (*STATUSES, None):
        if any(pst == st for pst, _ in present) and st not in seen:
            seen.add(st)
            handles.append(Patch(facecolor=style.status_color(st), edgecolor="#bfbfbf" if st is None else "none",
                                 linewidth=0.4, label=style.STATUS_LABELS[st]))
    if any(claim for _, claim in present):
        handles.append(Patch(facecolor=_blend("#808080", style.CLAIM_ONLY_ALPHA), hatch=HATCH, hatchcolor="#808080",
                             edgecolor="#808080", linestyle=(0, (2, 1)), linewidth=0.7 * s,
                             label=CLAIM_LABEL))
    corners = ["lower left", "upper left", "lower right", "upper right"]

    def land_share(bbox_px) -> float:
        lo = ax.transData.inverted().transform([bbox_px[:2]])[0]
        hi = ax.transData.inverted().transform([bbox_px[2:]])[0]
        b = shapely.box(lo[0], lo[1], hi[0], hi[1])
        return shapely.intersection(country, b).area / max(b.area, 1e-9)

    lab = _Labeller(fig, ax, renderer, s)
    leg_corner = None
    if handles:
        legend_kw = dict(handles=handles, fontsize=fs_legend, handlelength=1.3, handleheight=1.1,
                         borderaxespad=0.2, labelspacing=0.45, handletextpad=0.6, borderpad=0.3,
                         frameon=True, facecolor="white", edgecolor="none", framealpha=0.85, fancybox=False)
        scores = []
        for corner in corners:
            leg = ax.legend(loc=corner, **legend_kw)
            bb = leg.get_window_extent(renderer).extents
            scores.append((land_share(bb), corners.index(corner), corner, bb))
            leg.remove()
        scores.sort()
        _, _, leg_corner, bb = scores[0]
        leg = ax.legend(loc=leg_corner, **legend_kw)
        for t in leg.get_texts():
            t.set_color(INK)
        leg.set_zorder(7)
        lab.add(leg.get_window_extent(renderer).extents)

    # --- locator inset
    if locator:
        _locator(fig, ax, lab, regions, corners, leg_corner, land_share, s)

    # --- highlighted places first: they are what the story is about
    for name, lon, lat in points or []:
        (x, y), = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs=4326).to_crs(crs).get_coordinates().values
        ax.plot([x], [y], marker="o", markersize=4.6 * s, markerfacecolor=INK, markeredgecolor="white",
                markeredgewidth=0.9 * s, zorder=8, linestyle="none")
        px, py = lab.to_px([(x, y)])[0]
        r = 3.5 * lab.px_per_pt * s
        w, h = lab.measure(name, fs_point, "bold")
        off = 4.5 * lab.px_per_pt * s
        for dx, dy in ((1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1)):
            cx = px + dx * (off + w / 2)
            cy = py + dy * (off + h / 2) if dx == 0 else py + dy * (off * 0.6 + h / 2)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if lab.free(box, 1.0):
                lab.text(cx, cy, name, fs_point, weight="bold", boxed=True)
                lab.add(box)
                break
        else:
            warnings.warn(f"export: no room for the label of {name!r}", stacklevel=3)
        lab.add((px - r, py - r, px + r, py + r))

    # --- region labels
    if lab_frame is not None and len(lab_frame):
        _place_region_labels(lab, lab_frame, fs_label, country, boxed=labels is not None)

    # --- title, subtitle, credit: one text element per line
    y = margin
    for line in title_lines:
        fig.text(margin / W, 1 - y / H, line, ha="left", va="top", fontsize=fs_title, weight="bold", color=INK)
        y += lead_title
    y += 0.02 * s
    for line in sub_lines:
        fig.text(margin / W, 1 - y / H, line, ha="left", va="top", fontsize=fs_sub, color=MUTED)
        y += lead_sub
    for i, line in enumerate(reversed(credit_lines)):
        fig.text(margin / W, (margin + i * lead_credit) / H, line, ha="left", va="bottom",
                 fontsize=fs_credit, color=MUTED)
    del fig.canvas.draw_idle
    return fig


def _locator(fig, ax, lab: _Labeller, regions, corners, leg_corner, land_share, s: float) -> None:
    """Draw a small inset locating the map's area among its neighbours."""
    import shapely

    world = _world()
    shape = shapely.union_all(shapely.make_valid(regions.to_crs(4326).geometry.values))
    minx, miny, maxx, maxy = shape.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half = max(maxx - minx, maxy - miny) * 1.6
    kx = 1 / max(math.cos(math.radians(cy)), 0.2)
    win = (cx - half * kx, cy - half, cx + half * kx, cy + half)
    frac_w = 0.16 if ax.bbox.width > ax.bbox.height else 0.24
    w_px = ax.bbox.width * frac_w
    h_px = w_px  # square window (lon scaled by 1/cos(lat))
    m_px = 0.2 * lab.px_per_pt * 10 * s
    x0, y0, x1, y1 = ax.bbox.extents
    options = []
    for corner in corners:
        if corner == leg_corner:
            continue
        left = x0 + m_px if "left" in corner else x1 - m_px - w_px
        low = y0 + m_px if "lower" in corner else y1 - m_px - h_px
        bb = (left, low, left + w_px, low + h_px)
        if _overlaps(bb, lab.obstacles, 4 * lab.px_per_pt):
            continue
        options.append((land_share(bb), corners.index(corner), bb))
    if not options:
        return
    options.sort()
    bb = options[0][2]
    fx0, fy0, fx1, fy1 = fig.transFigure.inverted().transform([bb[:2], bb[2:]]).ravel()
    inset = fig.add_axes((fx0, fy0, fx1 - fx0, fy1 - fy0), zorder=5)
    inset.set_facecolor("white")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    for sp in inset.spines.values():
        sp.set_color(OUTLINE)
        sp.set_linewidth(0.5 * s)
    near = world.cx[win[0]:win[2], win[1]:win[3]]
    if len(near):
        near.plot(ax=inset, color=LOCATOR_LAND, edgecolor="white", linewidth=0.3 * s)
    import geopandas as gpd

    gpd.GeoSeries([shape], crs=4326).plot(ax=inset, color=INK, edgecolor="none")
    inset.set_xlabel("")
    inset.set_ylabel("")
    inset.set_xlim(win[0], win[2])
    inset.set_ylim(win[1], win[3])
    inset.set_aspect(kx, adjustable="datalim")
    lab.add(bb)


def _place_region_labels(lab: _Labeller, frame, fs: float, country, boxed: bool) -> None:
    """Label every polygon of ``frame``: inside when it fits, else leader line, else abbreviation.

    Regions too small for their name are placed first (they have the fewest
    options), avoiding where the other names would sit if they can; the names
    that fit inside their region then find a free spot around them.
    """
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    frame = frame.assign(area_=frame.geometry.area).sort_values(["area_", "label"], ascending=[False, True])
    inside, leaders = [], []
    for row in frame.itertuples():
        anchor = _anchor(row.geometry)
        anchor_px = lab.to_px([(anchor.x, anchor.y)])[0]
        color = INK
        st = getattr(row, "status", None)
        if not boxed and st in STATUSES:
            fill = style.status_color(st)
            if getattr(row, "confirmed", True) is False:
                fill = _blend(fill, style.CLAIM_ONLY_ALPHA)
            color = "white" if _is_dark(fill) else INK
        fit = None
        for size in (fs, fs * 0.86):
            spot = _fit_inside(lab, row.geometry, row.label, size, anchor_px, boxed)
            if spot is not None:
                w, h = lab.measure(row.label, size, boxed=boxed)
                fit = (size, (spot[0] - w / 2, spot[1] - h / 2, spot[0] + w / 2, spot[1] + h / 2))
                break
        (inside if fit else leaders).append((row, anchor_px, color, fit))
    preferred = [fit[1] for *_, fit in inside]
    _place_leaders(lab, leaders, fs, country, boxed, preferred)
    late = []
    for row, anchor_px, color, (size, _) in inside:
        for sz in dict.fromkeys((size, fs * 0.86)):
            spot = _fit_inside(lab, row.geometry, row.label, sz, anchor_px, boxed)
            if spot is not None:
                w, h = lab.measure(row.label, sz, boxed=boxed)
                lab.text(spot[0], spot[1], row.label, sz, color=color, boxed=boxed)
                lab.add((spot[0] - w / 2, spot[1] - h / 2, spot[0] + w / 2, spot[1] + h / 2))
                break
        else:
            late.append((row, anchor_px, color, None))
    _place_leaders(lab, late, fs, country, boxed, [])


def _place_leaders(lab: _Labeller, leaders, fs: float, country, boxed: bool, preferred) -> None:
    """Place labels of regions too small for their name: leader line, else abbreviation inside."""
    if not leaders:
        return
    # anchors of all small regions are obstacles, so no label hides another's dot
    r = 2.2 * lab.px_per_pt
    for _, apx, _, _ in leaders:
        lab.add((apx[0] - r, apx[1] - r, apx[0] + r, apx[1] + r))
    small = np.array([row.geometry for row, *_ in leaders], dtype=object)
    # regions with a status (the story) choose first, then the smallest
    leaders = sorted(leaders, key=lambda t: (getattr(t[0], "status", None) not in STATUSES, t[0].area_, t[0].label))
    centre = np.mean([apx for _, apx, _, _ in leaders], axis=0)
    for row, apx, color, _ in leaders:
        v = np.asarray(apx) - centre
        norm = float(np.hypot(*v))
        outward = tuple(v / norm) if len(leaders) > 1 and norm > 4 * lab.px_per_pt else None
        others = small[[g is not row.geometry for g in small]]
        short = getattr(row, "short", None)
        done = False
        for text, size in ((row.label, fs), (row.label, fs * 0.86), *(((short, fs),) if short else ())):
            w, h = lab.measure(text, size)
            if text == short:
                spot = _fit_inside(lab, row.geometry, text, fs * 0.86, apx, boxed)
                if spot is not None:
                    lab.text(spot[0], spot[1], text, fs * 0.86, color=color, boxed=boxed)
                    ww, hh = lab.measure(text, fs * 0.86, boxed=boxed)
                    lab.add((spot[0] - ww / 2, spot[1] - hh / 2, spot[0] + ww / 2, spot[1] + hh / 2))
                    done = True
                    break
            best = _leader_spot(lab, apx, w, h, others, country, outward, preferred)
            if best is None:
                continue
            (cx, cy), box, _ = best
            end = _nearest_on_box(apx, box)
            a = lab.to_data([apx, end])
            lab.ax.plot(a[:, 0], a[:, 1], color=INK, linewidth=0.5 * lab.scale, zorder=6, solid_capstyle="round")
            lab.ax.plot([a[0, 0]], [a[0, 1]], marker="o", markersize=1.8 * lab.scale, color=INK, zorder=6,
                        linestyle="none")
            lab.text(cx, cy, text, size, boxed=True)
            lab.add(box)
            lab.lines.append((tuple(apx), tuple(end)))
            done = True
            break
        if not done:
            warnings.warn(f"export: no room for the label of {row.label!r}", stacklevel=5)
