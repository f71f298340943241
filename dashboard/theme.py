"""Colours and fonts of the big-screen dark theme (the CSS in assets/ uses the same values)."""

FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif'
BACKGROUND = "#06101f"
PANEL = "#0b1d36"
TEXT = "#e6f0ff"
MUTED = "#8aa4c8"
ACCENT = "#35d0ff"
# open cases per township: calm blue → alarm red
OPEN_CASES_SCALE = [[0.0, "#12335c"], [0.35, "#1f6fb2"], [0.7, "#f0a030"], [1.0, "#ff4d4f"]]
# overdue cases: dark → red; risk level 0..4: none, blue, yellow, orange, red (预警等级)
OVERDUE_SCALE = [[0.0, "#12335c"], [0.3, "#7a2a3a"], [1.0, "#ff4d4f"]]
RISK_SCALE = [[0.0, "#12335c"], [0.25, "#2f7de1"], [0.5, "#f5d020"], [0.75, "#ff8c1a"], [1.0, "#ff3030"]]
# hotspot heat: warm and translucent over the fill
HEAT_SCALE = [[0.0, "#ffb020"], [1.0, "#ff3d00"]]
