"""The dashboard's target cards and page styles: the cards themselves are
:mod:`simlib.cards` (the one renderer, shared with the HTML report)."""

from __future__ import annotations

from ..cards import CARD_CSS as _CARDS
from ..cards import STATUS_COLORS, STATUS_ORDER, card_html, cards_by_indicator, verdict_text

__all__ = ["CARD_CSS", "STATUS_COLORS", "STATUS_ORDER", "card_html", "cards_by_indicator", "verdict_text"]

# The cards' styles and the rest of the page's (summary strip, legend, sliders, narrow screens).
CARD_CSS = "<style>" + _CARDS + """
.sl-msg{color:#c92a2a;font-size:12px}
.sl-info{color:#343a40;font-size:12px;background:#f8f9fa;padding:4px 6px;border-radius:4px}
.sl-info details summary{cursor:pointer;color:#495057}
.sl-moves ul{margin:2px 0 2px 18px;padding:0}
.sl-summary{font-family:'Liberation Sans',Arial,sans-serif;font-size:13px;margin:4px 0}
.sl-counts{font-size:14px;margin-bottom:4px;line-height:1.6}
.sl-count{white-space:nowrap}
.sl-dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:3px}
.sl-gauges{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:4px 10px}
.sl-gauge{font-size:11px;line-height:1.25}
.sl-gauge-bar{height:6px;background:#e9ecef;border-radius:3px;overflow:hidden}
.sl-gauge-bar div{height:6px}
.sl-gauge-text{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sl-legend{font-family:'Liberation Sans',Arial,sans-serif;font-size:12px;color:#212529;
  display:flex;flex-wrap:wrap;gap:2px 14px;margin:2px 0 4px}
.sl-legend-item{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}
.sl-sentence{font-family:'Liberation Sans',Arial,sans-serif;font-size:15px;margin:2px 0 8px}
.sl-readout .sl-value,.sl-value{font-size:13px;margin-right:4px;white-space:nowrap}
.sl-planmark{position:relative;height:14px;margin:-6px 2% 0 1%;font-size:10px;color:#495057}
.sl-planmark span{position:absolute;top:0;white-space:nowrap}
.sl-sharebox .sl-sharerow{display:flex;gap:6px;align-items:center}
.sl-sharebox .sl-link{flex:1 1 auto;min-width:0;font-size:12px;padding:3px}
.sl-sharebox .sl-copy{flex:0 0 auto;padding:0 10px;height:28px}
.sl-chart_box .vega-embed{width:100%}
@media (max-width: 800px){
  .sl-body{flex-direction:column-reverse !important}
  .sl-sidebar{width:100% !important;min-width:0 !important}
  .sl-main{width:100% !important}
  .sl-root .widget-hbox{flex-wrap:wrap}
  .sl-save_name{width:100% !important}
  #rendered_cells,.jp-Cell,.jp-OutputArea-output{padding-left:0 !important;padding-right:0 !important}
  .jp-OutputArea-prompt{display:none !important}
  .sl-root{padding:0 6px;box-sizing:border-box}
  .sl-root h3{font-size:16px}
}

</style>
"""
