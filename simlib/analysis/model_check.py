"""The validation page: how well the model reproduces what was observed, generated from the plan.

Every series observed more than once is hindcast from its first observation (business-as-usual
levers; central run and the 5–95 % band of an ensemble) and set against each later observation.
Single observations only set a starting point; context series are listed with their sources.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..formatting import fmt_number
from ..i18n import text
from ..result import BANDS, Result, quantiles
from ..scenario import Scenario
from ..schema import Plan
from ..validation import Hindcast, hindcast, series_start
from .reference import _markdown

DRAWS, SEED = 1000, 1


@dataclass(frozen=True)
class ModelCheck:
    """What :func:`model_check` found; numbers in each indicator's unit.

    ``checks``: indicator, start_year, year, observed, central, median, p05, p95, error
    (central − observed), relative_error (error / |observed|), inside (p05 ≤ observed ≤ p95),
    source, confidence. ``starts``: indicator, start_year, observed, model (central start
    value), start (``observation``, ``carried`` or ``assumptions``: where the model's start value
    comes from), from_year. ``single``: series with nothing to check (indicator, year, observed,
    start, source, confidence). ``carried``: start values carried from another year (start_year,
    indicator, value, from_year, source). ``context``: observed-only series (id, relates_to,
    year, value, source, confidence).
    """

    plan: Plan
    checks: pd.DataFrame
    starts: pd.DataFrame
    single: pd.DataFrame
    carried: pd.DataFrame
    context: pd.DataFrame
    draws: int
    seed: int

    @property
    def inside(self) -> int:
        """How many later observations fall inside the 5–95 % band."""
        return int(self.checks.inside.sum())


def _how(h: Hindcast, indicator: str) -> tuple[str, int | None]:
    """Where the hindcast's start value of ``indicator`` comes from, and the observation's year."""
    v = h.reads(indicator)
    if v is None:
        return "assumptions", None
    return ("carried" if v.carried else "observation"), v.from_year


def model_check(plan_or_scenario: Plan | Scenario, draws: int = DRAWS, seed: int = SEED) -> ModelCheck:
    """Hindcast every series with observations after its start (see
    :func:`simlib.validation.series_start`) and compare; a plan is run with business-as-usual
    levers (no lever or assumption overrides). Observations after the end year are left out."""
    sc = (plan_or_scenario if isinstance(plan_or_scenario, Scenario)
          else Scenario(name="business-as-usual", plan=plan_or_scenario))
    plan = sc.plan
    checks, starts, single, carried = [], [], [], {}
    hindcasts: dict[int, Hindcast] = {}
    runs: dict[int, tuple[Result, Result]] = {}  # start year → central run, ensemble
    for ind in plan.indicators.values():
        obs = sorted((o for o in ind.observed if o.year <= plan.end_year), key=lambda o: o.year)
        if not obs:
            continue
        start = series_start(plan, [o.year for o in obs])
        if start not in hindcasts:
            hindcasts[start] = hindcast(sc, start)
        h = hindcasts[start]
        how, from_year = _how(h, ind.id)
        later = [o for o in obs if o.year > start]
        if not later:
            single += [{"indicator": ind.id, "year": o.year, "observed": o.value, "start": how,
                        "source": o.source, "confidence": o.confidence} for o in obs]
            continue
        if start not in runs:
            runs[start] = (h.simulate(1), h.simulate(draws, seed))
            carried.update({(start, v.indicator): v for v in h.carried})
        central, ensemble = runs[start]
        starts.append({"indicator": ind.id, "start_year": start,
                       "observed": obs[0].value if obs[0].year == start else np.nan,
                       "model": float(central.value(ind.id, start)[0]), "start": how,
                       "from_year": from_year})
        for o in later:
            p05, median, p95 = quantiles(ensemble.value(ind.id, o.year), BANDS)
            c = float(central.value(ind.id, o.year)[0])
            checks.append({"indicator": ind.id, "start_year": start, "year": o.year,
                           "observed": o.value, "central": c, "median": median, "p05": p05,
                           "p95": p95, "error": c - o.value,
                           "relative_error": (c - o.value) / abs(o.value) if o.value else np.nan,
                           "inside": bool(p05 <= o.value <= p95), "source": o.source,
                           "confidence": o.confidence})
    context = [{"id": c.id, "relates_to": c.relates_to, "year": o.year, "value": o.value,
                "source": o.source, "confidence": o.confidence}
               for c in plan.context for o in c.observed]
    carried_rows = [{"start_year": y, "indicator": v.indicator, "value": v.value,
                     "from_year": v.from_year, "source": v.source}
                    for (y, _), v in sorted(carried.items(), key=lambda kv: kv[0][0])]
    cols = {
        "checks": ["indicator", "start_year", "year", "observed", "central", "median", "p05", "p95",
                   "error", "relative_error", "inside", "source", "confidence"],
        "starts": ["indicator", "start_year", "observed", "model", "start", "from_year"],
        "single": ["indicator", "year", "observed", "start", "source", "confidence"],
        "carried": ["start_year", "indicator", "value", "from_year", "source"],
        "context": ["id", "relates_to", "year", "value", "source", "confidence"],
    }
    return ModelCheck(plan, *(pd.DataFrame(rows, columns=cols[k]) for k, rows in (
        ("checks", checks), ("starts", starts), ("single", single), ("carried", carried_rows),
        ("context", context))), draws=int(draws), seed=int(seed))


# --- the page ---------------------------------------------------------------------------------
S = {
    "title": {"vi": "Kiểm tra mô hình với số liệu thực tế", "en": "Model check against observations"},
    "summary": {"vi": "Tóm tắt", "en": "Summary"},
    "checks": {"vi": "Chạy lại từ số liệu đầu tiên, so với các số liệu sau",
               "en": "Hindcasts from the first observation against later ones"},
    "single": {"vi": "Chuỗi chỉ có một số liệu: chỉ là điểm xuất phát",
               "en": "Series with a single observation: starting point only"},
    "carried": {"vi": "Giá trị xuất phát lấy từ năm khác", "en": "Start values carried from another year"},
    "context": {"vi": "Chuỗi số liệu bối cảnh (có số liệu thực tế, mô hình không mô phỏng)",
                "en": "Context series (observed, not simulated)"},
    "reading": {"vi": "Cách đọc", "en": "How to read this page"},
    "none": {"vi": "Không có.", "en": "None."},
    "yes": {"vi": "có", "en": "yes"},
    "no": {"vi": "không", "en": "no"},
    "from_observation": {"vi": "từ số liệu này", "en": "from this observation"},
    "from_carried": {"vi": "từ số liệu năm {year}", "en": "from the {year} observation"},
    "from_assumptions": {"vi": "từ các giả định của mô hình", "en": "from the model's assumptions"},
}
COLUMNS = {
    "series": {"vi": "Chỉ tiêu", "en": "Series"},
    "context_series": {"vi": "Chuỗi số liệu", "en": "Series"},
    "start": {"vi": "Xuất phát: năm, thực tế → mô hình", "en": "Start: year, observed → model"},
    "start_from": {"vi": "Giá trị xuất phát của mô hình", "en": "Model's start value"},
    "year": {"vi": "Năm", "en": "Year"},
    "observed": {"vi": "Thực tế", "en": "Observed"},
    "central": {"vi": "Mô hình (trung tâm)", "en": "Model (central)"},
    "median": {"vi": "Trung vị", "en": "Median"},
    "band": {"vi": "Khoảng 5–95%", "en": "5–95% band"},
    "error": {"vi": "Sai số (mô hình − thực tế)", "en": "Error (model − observed)"},
    "relative": {"vi": "Sai số tương đối", "en": "Relative error"},
    "inside": {"vi": "Trong khoảng?", "en": "Inside band?"},
    "confidence": {"vi": "Độ tin cậy", "en": "Confidence"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "start_year": {"vi": "Năm xuất phát", "en": "Start year"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "from_year": {"vi": "Lấy từ năm", "en": "Carried from"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "relates_to": {"vi": "Liên quan đến chỉ tiêu", "en": "Bears on"},
}
CONFIDENCE = {"high": "cao", "medium-high": "trung bình – cao", "medium": "trung bình",
              "medium-low": "trung bình – thấp", "low": "thấp", "placeholder": "tạm đặt"}


def _n(x: float, lang: str, decimals: int = 1) -> str:
    return fmt_number(float(x), lang, decimals)


def _signed(x: float, lang: str, suffix: str = "") -> str:
    return ("+" if x > 0 else "") + _n(x, lang) + suffix


def _confidence(c: str, lang: str) -> str:
    return CONFIDENCE.get(c, c) if lang == "vi" else c


def _start_text(how: str, from_year: int | None, lang: str) -> str:
    if how == "carried":
        return text(S["from_carried"], lang).format(year=int(from_year))
    return text(S["from_observation" if how == "observation" else "from_assumptions"], lang)


def _label(plan: Plan, iid: str, lang: str) -> str:
    ind = plan.indicators[iid]
    return f"{text(ind.label, lang)} ({text(ind.unit, lang)})"


def validation_tables(check: ModelCheck, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The page's tables, formatted for ``lang`` (vi: 1.234,5), with translated headers."""
    plan, c = check.plan, COLUMNS
    starts = check.starts.set_index("indicator")
    rows = []
    for r in check.checks.itertuples():
        st = starts.loc[r.indicator]
        observed = "–" if np.isnan(st.observed) else _n(st.observed, lang, 3)
        rows.append({
            c["series"][lang]: _label(plan, r.indicator, lang),
            c["start"][lang]: f"{r.start_year}: {observed} → {_n(st.model, lang)} "
                              f"({_start_text(st.start, st.from_year, lang)})",
            c["year"][lang]: r.year, c["observed"][lang]: _n(r.observed, lang, 3),
            c["central"][lang]: _n(r.central, lang), c["median"][lang]: _n(r.median, lang),
            c["band"][lang]: f"{_n(r.p05, lang)}–{_n(r.p95, lang)}",
            c["error"][lang]: _signed(r.error, lang),
            c["relative"][lang]: _signed(100 * r.relative_error, lang, "%"),
            c["inside"][lang]: text(S["yes" if r.inside else "no"], lang),
            c["confidence"][lang]: _confidence(r.confidence, lang), c["source"][lang]: r.source,
        })
    single = [{c["series"][lang]: _label(plan, r.indicator, lang), c["year"][lang]: r.year,
               c["observed"][lang]: _n(r.observed, lang, 3),
               c["start_from"][lang]: _start_text(r.start, r.year, lang),
               c["confidence"][lang]: _confidence(r.confidence, lang), c["source"][lang]: r.source}
              for r in check.single.itertuples()]
    carried = [{c["start_year"][lang]: r.start_year,
                c["series"][lang]: _label(plan, r.indicator, lang),
                c["value"][lang]: _n(r.value, lang, 3), c["from_year"][lang]: r.from_year,
                c["source"][lang]: r.source} for r in check.carried.itertuples()]
    series = {s.id: s for s in plan.context}
    context = [{c["context_series"][lang]: text(series[r.id].label, lang),
                c["relates_to"][lang]: text(plan.indicators[r.relates_to].label, lang),
                c["year"][lang]: r.year, c["value"][lang]: _n(r.value, lang, 3),
                c["unit"][lang]: text(series[r.id].unit, lang),
                c["confidence"][lang]: _confidence(r.confidence, lang), c["source"][lang]: r.source}
               for r in check.context.itertuples()]
    return {k: pd.DataFrame(v) for k, v in (("checks", rows), ("single", single),
                                            ("carried", carried), ("context", context))}


def _summary(check: ModelCheck, lang: str) -> list[str]:
    plan, n = check.plan, len(check.checks)
    names = ", ".join(text(plan.indicators[i].label, lang) for i in dict.fromkeys(check.checks.indicator))
    singles = len(set(check.single.indicator))
    context = len(plan.context)
    draws = _n(check.draws, lang, 0)
    if lang == "vi":
        return [
            f"**Đã kiểm tra gì:** với mỗi chỉ tiêu có từ hai số liệu thực tế trở lên ({names}), mô "
            "hình được chạy lại từ số liệu đầu tiên (chạy lại quá khứ), giữ nguyên các đòn bẩy "
            "chính sách như hiện trạng, rồi so với từng số liệu thực tế sau đó: lần chạy trung "
            f"tâm và khoảng 5–95% của {draws} lần mô phỏng (seed {check.seed}).",
            f"**Kết quả:** {check.inside} trên {n} số liệu sau nằm trong khoảng 5–95% của mô hình.",
            f"**Chưa kiểm tra được:** {singles} chỉ tiêu chỉ có một số liệu; số liệu đó chỉ là điểm "
            f"xuất phát nên không thể so sánh ngoài mẫu. {context} chuỗi số liệu bối cảnh được liệt "
            "kê kèm nguồn.",
            "**Lưu ý:** số liệu còn rất ít. Khi nguồn của một giả định hay đòn bẩy dẫn chính số "
            "liệu được so sánh (xem tài liệu mô tả mô hình), sự khớp một phần là do cách đặt giả "
            "định, không chứng minh dự báo là đúng.",
        ]
    return [
        f"**What was checked:** every series observed more than once ({names}) was rerun from its "
        "first observation (a hindcast), with policy levers at business as usual, and compared "
        f"with each later observation: the central run and the 5–95% band of {draws} draws "
        f"(seed {check.seed}).",
        f"**Result:** {check.inside} of {n} later observation(s) fall inside the model's 5–95% "
        "band.",
        f"**Not checkable:** {singles} series have a single observation; it only sets the "
        f"starting point, so no out-of-sample check is possible. {context} context series are "
        "listed with their sources.",
        "**Caution:** the observations are very few. Where an assumption's or lever's source cites "
        "the observation it is compared with (see the model reference), agreement is partly by "
        "construction and does not prove the projections right.",
    ]


READING = {
    "vi": [
        "Mỗi chỉ tiêu được chạy lại từ cuối năm có số liệu đầu tiên của nó (hoặc từ năm gốc "
        "{base} nếu mọi số liệu đều sau năm đó) đến {end}; các đòn bẩy giữ mức hiện trạng.",
        "Cột “Xuất phát” cho biết giá trị xuất phát của mô hình lấy từ đâu: từ chính số liệu "
        "thực tế, từ số liệu của năm khác (liệt kê ở mục riêng), hoặc từ các giả định của mô "
        "hình. Các giả định về trạng thái ban đầu mô tả cuối năm {base} và được dùng nguyên như "
        "vậy tại năm xuất phát. Giá trị xuất phát lấy từ năm khác chỉ ảnh hưởng đến một chỉ tiêu "
        "ở bảng trên khi chỉ tiêu đó phụ thuộc vào nó trong cùng lần chạy.",
        "Sai số tính theo lần chạy trung tâm (các giả định ở giá trị trung tâm, không có nhiễu "
        "đếm); khoảng 5–95% gồm cả bất định của giả định và nhiễu đếm khi số lượng nhỏ.",
        "Trang này được tạo tự động: `simlib validate-model --lang vi --output "
        "docs/validation.vi.md --force`.",
    ],
    "en": [
        "Each series is rerun from the end of the year of its first observation (or from the base "
        "year {base} when every observation is later) to {end}, with levers at business as usual.",
        "The “Start” column says where the model's start value comes from: the observation "
        "itself, an observation of another year (listed in its own section), or the model's "
        "assumptions. Start-state assumptions describe the end of {base} and are used unchanged "
        "at the start year. A carried start value matters for a series above only if that series "
        "depends on it in the same run.",
        "Errors are those of the central run (assumptions at their central values, no counting "
        "noise); the 5–95% band includes the assumptions' uncertainty and the counting noise of "
        "small numbers.",
        "This page is generated: `simlib validate-model --lang en --output docs/validation.en.md "
        "--force`.",
    ],
}


def _inline_html(line: str) -> str:
    """Escape a Markdown line, keeping its **bold** and `code`."""
    line = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(line))
    return re.sub(r"`(.+?)`", r"<code>\1</code>", line)


def validation_page(plan_or_check: Plan | ModelCheck, lang: str = "en", fmt: str = "markdown",
                    draws: int = DRAWS, seed: int = SEED) -> str:
    """The validation page as Markdown (``fmt="markdown"``) or standalone HTML (``fmt="html"``):
    summary, hindcast table, single observations, carried start values, context series."""
    if fmt not in ("markdown", "html"):
        raise ValueError(f"fmt must be 'markdown' or 'html', got {fmt!r}")
    check = (plan_or_check if isinstance(plan_or_check, ModelCheck)
             else model_check(plan_or_check, draws, seed))
    plan = check.plan
    title = f"{text(S['title'], lang)} · {text(plan.title, lang)}"
    tables = validation_tables(check, lang)
    reading = [r.format(base=plan.base_year, end=plan.end_year) for r in READING[lang]]
    sections = [("summary", _summary(check, lang)), ("checks", tables["checks"]),
                ("single", tables["single"]), ("carried", tables["carried"]),
                ("context", tables["context"]), ("reading", reading)]
    if fmt == "markdown":
        parts = [f"# {title}", "", "<!-- generated by `simlib validate-model`; do not edit -->"]
        for key, body in sections:
            parts += ["", f"## {text(S[key], lang)}", ""]
            if isinstance(body, list):
                parts += ["\n".join(f"- {line}" for line in body)]
            else:
                parts += [_markdown(body) if len(body) else text(S["none"], lang)]
        return "\n".join(parts) + "\n"
    out = []
    for key, body in sections:
        out.append(f"<h2>{html.escape(text(S[key], lang))}</h2>")
        if isinstance(body, list):
            out.append("<ul>" + "".join(f"<li>{_inline_html(line)}</li>" for line in body) + "</ul>")
        else:
            out.append(body.to_html(index=False) if len(body)
                       else f"<p>{html.escape(text(S['none'], lang))}</p>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>\n<body><h1>{html.escape(title)}</h1>\n"
            + "\n".join(out) + "\n</body></html>\n")
