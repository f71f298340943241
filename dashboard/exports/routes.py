"""Download routes of the briefing: `/briefing/export/briefing.pdf|.xlsx?from=&to=`,
`/briefing/export/report.docx?month=YYYY-MM`, and `/briefing/print?from=&to=` (the print view as HTML).
Leaders, admins and duty officers only (`briefing:read`); a bad period answers 400 with the reason."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, request

from casework.briefing_period import Period, parse_month, parse_period
from realtime.runtime import Runtime

from ..auth import Refused, require
from .pdf import PdfUnavailable
from .service import BriefingExports

TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(content: bytes, kind: str, filename: str) -> Response:
    from urllib.parse import quote

    response = Response(content, mimetype=TYPES[kind])
    response.headers["Content-Disposition"] = (f"attachment; filename=briefing.{kind}; "
                                               f"filename*=UTF-8''{quote(filename)}")
    response.headers["Cache-Control"] = "no-store"
    return response


def make_briefing_blueprint(runtime: Runtime) -> Blueprint:
    exports = BriefingExports(runtime)
    blueprint = Blueprint("briefing_exports", __name__)

    @blueprint.errorhandler(Refused)
    def _refused(error: Refused) -> tuple[str, int]:
        return str(error), error.status

    def period() -> Period:
        return parse_period(request.args.get("from"), request.args.get("to"), now=runtime.clock.now())

    def answer(make: Callable[[], Response]) -> Response | tuple[str, int]:
        require(runtime, "briefing:read")
        try:
            return make()
        except ValueError as invalid:
            return str(invalid), 400
        except PdfUnavailable as unavailable:
            return str(unavailable), 503

    @blueprint.get("/briefing/export/briefing.pdf")
    def pdf() -> Response | tuple[str, int]:
        return answer(lambda: (lambda p: _download(exports.pdf(p), "pdf", f"例会简报_{p.first}_{p.last}.pdf"))(period()))

    @blueprint.get("/briefing/export/briefing.xlsx")
    def excel() -> Response | tuple[str, int]:
        return answer(lambda: (lambda p: _download(exports.excel(p), "xlsx", f"例会简报数据_{p.first}_{p.last}.xlsx"))(
            period()))

    @blueprint.get("/briefing/export/report.docx")
    def report() -> Response | tuple[str, int]:
        def make() -> Response:
            month = parse_month(request.args.get("month"), now=runtime.clock.now())
            return _download(exports.monthly_report(month), "docx",
                             f"社会治理形势分析报告_{month.first.year}年{month.first.month}月.docx")
        return answer(make)

    @blueprint.get("/briefing/print")
    def print_view() -> Response | tuple[str, int]:
        return answer(lambda: Response(exports.print_html(period()), mimetype="text/html"))

    return blueprint
