"""The briefing's exports, all made on the server and offline: Excel and PDF of a period, Word of a month."""
from __future__ import annotations

from typing import Any

from casework.briefing_period import Period
from casework.briefing_report import report_sections
from casework.clock import CENTER_TZ
from realtime.runtime import Runtime

from ..figures.county_map import region_shapes
from ..briefing_view import briefing_data, tables, township_names
from ..i18n import translator
from .excel import workbook_bytes
from .pdf import html_to_pdf
from .print_view import print_html
from .word import report_docx


class BriefingExports:
    def __init__(self, runtime: Runtime, *, lang: str | None = None) -> None:
        self.runtime = runtime
        self.t = translator(lang or runtime.settings.lang)

    def _prepared(self, period: Period) -> tuple[dict[str, Any], dict[str, str], list[Any]]:
        panel = briefing_data(self.runtime, period)
        names = township_names(self.runtime)
        return panel, names, tables(panel, names=names, t=self.t)

    def _title(self) -> str:
        return f"{self.t('center')} · {self.t('briefing.title')}"

    def _generated(self) -> str:
        return self.t("briefing.printed", at=self.runtime.clock.now().astimezone(CENTER_TZ).strftime("%Y-%m-%d %H:%M"))

    def print_html(self, period: Period) -> str:
        panel, names, sheets = self._prepared(period)
        return print_html(panel, sheets, region=self.runtime.region.name, names=names, t=self.t, title=self._title(),
                          period_label=f"{self.t('briefing.period')}：{period.label()}", generated=self._generated())

    def pdf(self, period: Period) -> bytes:
        return html_to_pdf(self.print_html(period))

    def excel(self, period: Period) -> bytes:
        _panel, _names, sheets = self._prepared(period)
        return workbook_bytes(sheets, title=self._title(), period_label=f"{self.t('briefing.period')}：{period.label()}")

    def monthly_report(self, month: Period) -> bytes:
        panel, names, sheets = self._prepared(month)
        label = f"{month.first.year}年{month.first.month}月" if month.is_month else month.label()
        channels = {key: self.t(f"channel.{key}") for key in panel["by"]["channel"]}
        sections = report_sections(panel, names=names, channels=channels, month_label=label)
        region = self.runtime.region.name
        county = region_shapes(region)[1].get("county_name", "")
        return report_docx(panel, sections, sheets, region=region, names=names, t=self.t,
                           title=f"{county}社会治理形势分析报告（{label}）",
                           center=self.t("center"), month_label=label)
