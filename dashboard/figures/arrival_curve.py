"""The last 24 hours' arrivals per hour against the same weekday's average: two lines the page fills."""
from __future__ import annotations

import plotly.graph_objects as go

from .. import theme


def arrival_curve_figure(today_label: str, average_label: str) -> go.Figure:
    figure = go.Figure([
        go.Scatter(name=today_label, x=[], y=[], mode="lines+markers", line={"color": theme.ACCENT, "width": 4},
                   marker={"size": 6}, fill="tozeroy", fillcolor="rgba(53, 208, 255, 0.15)"),
        go.Scatter(name=average_label, x=[], y=[], mode="lines", line={"color": "#ffd479", "width": 3, "dash": "dash"}),
    ])
    figure.update_layout(
        margin={"l": 44, "r": 10, "t": 6, "b": 34}, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        font={"family": theme.FONT_STACK, "color": theme.TEXT, "size": 16},
        legend={"orientation": "h", "x": 0, "y": 1.12, "font": {"size": 18}},
        xaxis={"showgrid": False, "tickfont": {"size": 15}, "dtick": 4, "color": theme.MUTED},
        yaxis={"gridcolor": "rgba(138, 164, 200, 0.2)", "tickfont": {"size": 15}, "color": theme.MUTED,
               "rangemode": "tozero"},
        uirevision="keep",
    )
    return figure
