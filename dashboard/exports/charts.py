"""Charts as PNG images for the printed briefing and the Word report: matplotlib, offline, CJK font."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

from ..figures.county_map import region_shapes  # noqa: E402

CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei")
COLORS = ("#1f5fa8", "#9bb7d8", "#d9a441")  # this period, the previous one, last year
INK = "#1d2733"
DPI = 120  # sharp on A4 at the widths used (about 7 inches), and half the drawing time of 150+


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """Register the first CJK font found and name its family; fail loudly rather than print tofu."""
    for path in CJK_FONT_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
    available = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in available:
            return family
    raise RuntimeError("no CJK font found for charts: install fonts-noto-cjk")


def _figure(width: float, height: float):  # noqa: ANN202
    family = cjk_family()
    plt.rcParams.update({"font.family": family, "font.sans-serif": [family], "axes.unicode_minus": False,
                         "font.size": 10, "axes.edgecolor": "#8894a3", "axes.labelcolor": INK,
                         "xtick.color": INK, "ytick.color": INK})
    figure, axes = plt.subplots(figsize=(width, height), dpi=DPI)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", facecolor="white")
    plt.close(figure)
    return buffer.getvalue()


def compare_bars(labels: list[str], series: list[tuple[str, list[float]]], *, title: str,
                 width: float = 7.2, height: float = 2.8) -> bytes:
    """Grouped bars: this period against the previous one and last year."""
    figure, axes = _figure(width, height)
    count = len(series)
    step = 0.8 / max(count, 1)
    for index, (name, values) in enumerate(series):
        positions = [n + (index - (count - 1) / 2) * step for n in range(len(labels))]
        bars = axes.bar(positions, values, width=step * 0.95, label=name, color=COLORS[index % len(COLORS)])
        if index == 0:
            axes.bar_label(bars, fontsize=7, padding=1)
    axes.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6
                    else "center", fontsize=8)
    axes.set_title(title, fontsize=11, color=INK, loc="left")
    axes.legend(fontsize=8, frameon=False, ncols=count)
    if not labels:
        axes.text(0.5, 0.5, "—", transform=axes.transAxes, ha="center")
    return _png(figure)


def horizontal_bars(labels: list[str], values: list[float], *, title: str, width: float = 7.2,
                    height: float | None = None, fmt: str = "{:,.0f}") -> bytes:
    figure, axes = _figure(width, height or max(1.6, 0.28 * len(labels) + 0.8))
    bars = axes.barh(list(reversed(labels)), list(reversed(values)), color=COLORS[0])
    axes.bar_label(bars, labels=[fmt.format(v) for v in reversed(values)], fontsize=7, padding=2)
    axes.set_title(title, fontsize=11, color=INK, loc="left")
    axes.tick_params(axis="y", labelsize=8)
    return _png(figure)


def daily_line(days: list[str], values: list[int], *, title: str, width: float = 7.2, height: float = 2.4) -> bytes:
    figure, axes = _figure(width, height)
    axes.plot(range(len(days)), values, color=COLORS[0], marker="o", markersize=3, linewidth=1.6)
    axes.fill_between(range(len(days)), values, color=COLORS[0], alpha=0.08)
    ticks = list(range(0, len(days), max(1, len(days) // 10)))
    axes.set_xticks(ticks, [days[i][5:] for i in ticks], fontsize=8)
    axes.set_ylim(bottom=0)
    axes.set_title(title, fontsize=11, color=INK, loc="left")
    return _png(figure)


def county_map_image(region: str, values: dict[str, float], hotspots: list[tuple[float, float, int]], *,
                     names: dict[str, str], width: float = 7.2, height: float = 5.4, caption: str = "") -> bytes:
    """Townships filled by count, hotspot dots on top; drawn from the same local geometry as the page."""
    townships, meta = region_shapes(region)
    figure, axes = _figure(width, height)
    patches, fills = [], []
    top = max([1, *values.values()])
    for feature in townships["features"]:
        geometry = feature["geometry"]
        rings = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in rings:
            patches.append(Polygon(polygon[0], closed=True))
            fills.append(values.get(feature["properties"]["code"], 0) / top)
    collection = PatchCollection(patches, cmap="Blues", edgecolor="#5b7fa6", linewidths=0.6)
    collection.set_array(fills)
    collection.set_clim(0, 1.15)
    axes.add_collection(collection)
    for seat in meta["townships"]:
        axes.text(seat["lon"], seat["lat"], names.get(seat["code"], seat["name"]), fontsize=5.5, ha="center",
                  va="center", color=INK)
    if hotspots:
        biggest = max(n for _, _, n in hotspots)
        axes.scatter([h[0] for h in hotspots], [h[1] for h in hotspots],
                     s=[12 + 110 * n / biggest for _, _, n in hotspots], color="#d9482b", alpha=0.55,
                     edgecolors="white", linewidths=0.4, zorder=3)
    axes.autoscale_view()
    axes.set_aspect(1 / 0.857)  # degrees of longitude are shorter at 31° N
    axes.axis("off")
    if caption:
        axes.set_title(caption, fontsize=8, color="#5a6675", loc="left")
    return _png(figure)
