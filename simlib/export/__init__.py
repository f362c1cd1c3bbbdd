"""Presenter exports: charts as PNG/SVG/PDF bytes or files, a one-file HTML workshop report, a
PowerPoint deck and an Excel workbook.

    from simlib.export import chart_bytes, deck_bytes, report_html, workbook_bytes, write_exports
    png = chart_bytes(chart, "png", lang="vi")          # a dashboard "download PNG" button
    html = report_html([res_plan, res_fast], "vi")      # "download report"
    pptx = deck_bytes([res_plan, res_fast], "vi")       # "download slides"
    xlsx = workbook_bytes([res_plan, res_fast], "vi")   # "download workbook"
    write_exports([res_plan], Path("out"), lang="vi")   # what ``simlib export`` does
"""

from .figures import Figure, attainment_figure, figures, indicator_figure, iter_figures
from .files import ALL_FORMATS, DEFAULT_FORMATS, write_exports
from .fonts import FONT_DIR, register_fonts
from .report import report_html
from .static import FORMATS, SCALE, chart_bytes, chart_svg, render, render_many

__all__ = [
    "ALL_FORMATS", "DEFAULT_FORMATS", "FONT_DIR", "FORMATS", "SCALE", "Figure", "attainment_figure",
    "chart_bytes", "chart_svg", "deck_bytes", "figures", "indicator_figure", "iter_figures",
    "register_fonts", "render", "render_many", "report_html", "workbook_bytes", "write_exports",
]


def __getattr__(name: str):
    """``deck_bytes`` and ``workbook_bytes`` import python-pptx and openpyxl only when first used."""
    if name == "deck_bytes":
        from .deck import deck_bytes
        return deck_bytes
    if name == "workbook_bytes":
        from .workbook import workbook_bytes
        return workbook_bytes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
