"""One palette for every map and graphic (interactive and static).

Colour-blind-safe (Okabe-Ito derived) and distinct in greyscale print:
taliban dark, resistance mid-light, contested a saturated mid tone,
no information a very light neutral.
"""
from __future__ import annotations

STATUS_COLORS = {
    "taliban": "#4d4d4d",      # dark grey: reads as "dark" in print
    "resistance": "#56b4e9",   # sky blue (Okabe-Ito)
    "contested": "#e69f00",    # orange (Okabe-Ito)
    None: "#f0f0f0",           # no information
}
NO_INFO_COLOR = STATUS_COLORS[None]
BORDER_COLOR = "#ffffff"
STATUS_LABELS = {
    "taliban": "Taliban",
    "resistance": "Resistance / former government",
    "contested": "Contested",
    None: "No information",
}
#: Opacity of regions whose status rests only on an unconfirmed claim.
CLAIM_ONLY_ALPHA = 0.45
FONT_FAMILY = "DejaVu Sans"


def status_color(status: str | None) -> str:
    """Return the fill colour of ``status`` (None or unknown: no information)."""
    return STATUS_COLORS.get(status, NO_INFO_COLOR)
