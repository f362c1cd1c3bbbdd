"""Presenter exports: charts as PNG/SVG/PDF bytes or files, and a one-file HTML workshop report.

    from simlib.export import chart_bytes, report_html, write_exports
    png = chart_bytes(chart, "png", lang="vi")          # a dashboard "download PNG" button
    html = report_html([res_plan, res_fast], "vi")      # "download report"
    write_exports([res_plan], Path("out"), lang="vi")   # what ``simlib export`` does
"""

from .figures import Figure, attainment_figure, figures, indicator_figure, iter_figures
from .files import ALL_FORMATS, write_exports
from .fonts import FONT_DIR, register_fonts
from .report import report_html
from .static import FORMATS, SCALE, chart_bytes, chart_svg, render, render_many

__all__ = [
    "ALL_FORMATS", "FONT_DIR", "FORMATS", "SCALE", "Figure", "attainment_figure", "chart_bytes",
    "chart_svg", "figures", "indicator_figure", "iter_figures", "register_fonts", "render",
    "render_many", "report_html", "write_exports",
]
