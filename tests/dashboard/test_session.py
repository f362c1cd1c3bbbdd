"""Dashboard logic without a browser: query strings, slider semantics, cards, widget events."""

from __future__ import annotations

from pathlib import Path

import pytest

import simlib
from simlib.cards import card_html as shared_card
from simlib.cards import source_html
from simlib.dashboard.cards import STATUS_COLORS, STATUS_ORDER, card_html, cards_by_indicator
from simlib.dashboard.session import file_name_for, from_query, slider_value, with_slider
from simlib.i18n import render


def test_query_string_round_trip():
    s = from_query("scenario=accelerated&lang=en&indicator=digital_teams&st_budget=40"
                   "&compare=baseline")
    assert not s.problems
    assert (s.base.name, s.lang, s.indicator, s.compare) == ("accelerated", "en", "digital_teams",
                                                             ("baseline",))
    assert s.scenario().lever_value("st_budget") == 40
    again = from_query(s.query_string())
    assert again.query_string() == s.query_string()
    assert again.scenario().levers == s.scenario().levers


@pytest.mark.parametrize("query,key", [
    ("scenario=../../etc/passwd", "scenario"),
    ("st_budget=nan", "st_budget"),
    ("st_budget=1e308", "st_budget"),
    ("st_budget=<script>", "st_budget"),
    ("intermediary_start_year=2026.5", "intermediary_start_year"),
    ("lang=fr", "lang"),
    ("indicator=__import__", "indicator"),
    ("os.system=1", "os.system"),
    ("x" * 5000, "query"),
    ("&".join(["st_budget=1"] * 201), "query"),
])
def test_crafted_queries_become_messages(query, key):
    s = from_query(query)
    assert key in s.problems
    assert s.base.name in simlib.available_scenarios()
    s.result()  # still runs


def test_path_levers_keep_their_shape_when_the_slider_moves():
    assert slider_value({2024: 50, 2026: 70}) == 70
    assert with_slider({2024: 50, 2026: 70}, 85) == {2024: 50, 2026: 85}
    assert with_slider(25.0, 30) == 30
    s = from_query("scenario=plan")
    assert s.set_lever("demand_led_share", 90)
    assert s.scenario().lever_value("demand_led_share") == {2026: 90}
    assert not s.set_lever("st_budget", 1000)
    assert render(s.problems["st_budget"], "vi") == "1.000 nằm ngoài khoảng cho phép 0–100 tỷ đồng/năm"
    assert "allowed range 0–100" in render(s.problems["st_budget"], "en")
    assert not s.set_lever("intermediary_start_year", 2040)  # years without separators
    assert render(s.problems["intermediary_start_year"], "vi") == \
        "2040 nằm ngoài khoảng cho phép 2026–2031"
    assert s.scenario().lever_value("st_budget") == 25  # unchanged


def test_cards_sort_provincial_worst_first_and_show_status():
    res = simlib.simulate(simlib.load_scenario("plan"), draws=500, seed=1)
    groups = cards_by_indicator(res)
    national = [any(r["national"] for r in rows) for rows in groups.values()]
    assert national == sorted(national)  # provincial cards first
    worst = [min(STATUS_ORDER[r["status"]] for r in rows) for rows, nat in
             zip(groups.values(), national, strict=True) if not nat]
    assert worst == sorted(worst)  # worst verdict first; history waiting for data after
    html = card_html(res, groups["st_transfer_share"], "vi")
    assert "Tỷ lệ kết quả nghiên cứu được chuyển giao" in html
    assert "2025:" in html and "2030:" in html and "Mục tiêu ≥ 60" in html
    assert any(c in html for c in STATUS_COLORS.values())
    assert "chưa có số liệu thực tế năm này" in html  # the 2025 checkpoint is history
    assert "chờ số liệu tổng kết 2021–2025" in html  # ... with no verdict until observed
    assert "<summary>Định nghĩa</summary>" in html


def test_widget_events_update_cards_chart_and_share_link():
    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan"))
    before = d.card_html["st_transfer_share"].value
    chart = d.chart
    d.controls["demand_led_share"].slider.value = 100
    assert d.card_html["st_transfer_share"].value != before
    assert d.chart is chart and d.chart._py_to_js_updates[0]["name"] == "bands"  # in place
    assert "demand_led_share=100" in d.bridge.query
    assert "ms" not in d.status.value and "đã chỉnh sửa" in d.status.value
    assert "Kết quả trước lần chỉnh gần nhất" in d.legend.value  # the faint trace
    d.controls["st_budget"].slider.value = 40
    d.lang.value = "en"
    assert "Research results transferred" in d.card_html["st_transfer_share"].value
    res = d.s.result()  # the one card renderer (simlib.cards, shared with the HTML report)
    assert d.card_html["st_transfer_share"].value == shared_card(
        res, cards_by_indicator(res)["st_transfer_share"], "en")
    assert source_html(d.s.plan.levers["st_budget"], "en") in d._info_html("st_budget")
    assert d.chart is not chart  # rebuilt with English labels
    assert d.bridge.title.startswith("Plan simulator")
    d.reset.click()
    assert d.controls["st_budget"].slider.value == 25
    d.apply_query("scenario=baseline&lang=vi&st_budget=abc&bogus=1")
    assert "&#x27;abc&#x27; không phải là số" in d.controls["st_budget"].msg.value
    assert "tham số lạ &#x27;bogus&#x27;" in d.query_msg.value and d.s.base.name == "baseline"
    assert d.bridge.title.startswith("Mô phỏng kế hoạch")
    d.lang.value = "en"  # messages keep their code: they follow the language
    assert "expected a number" in d.controls["st_budget"].msg.value
    assert "unknown address parameter" in d.query_msg.value


def test_slider_readouts_and_plan_marks_are_formatted_for_the_page():
    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan&st_budget=40"))
    budget, year = d.controls["st_budget"], d.controls["intermediary_start_year"]
    assert not budget.slider.readout and "<b class='sl-value'>40</b>" in budget.readout.value
    assert ">2028<" in year.readout.value or "2.0" not in year.readout.value
    assert "Kế hoạch: 25" in budget.mark.value
    d.assumption_panel.build()
    some = next(c for c in d.controls.values() if c.kind == "assumption" and c.decimals >= 2)
    assert "," in some.readout.value and "." not in some.readout.value.split(">")[1].split("<")[0]


def test_the_address_carries_assumptions_and_restores_them():
    s = from_query("scenario=plan")
    aid = next(iter(s.plan.assumptions))
    a = s.plan.assumptions[aid]
    assert s.edit("assumption", aid, a.range[1])
    again = from_query(s.query_string())
    assert again.assumptions == {aid: a.range[1]} and not again.problems
    bad = from_query(f"a.{aid}=abc&a.nothing=1")
    assert aid in bad.problems and "a.nothing" in bad.problems


def test_summary_legend_and_sentence():
    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan&indicator=st_transfer_share"))
    n = len(d.s.result().target_rows())
    assert f"{n} mục tiêu:" in d.summary.value
    for status in ("chờ số liệu tổng kết", "tham chiếu quốc gia", "không đạt"):
        assert status in d.summary.value
    assert d.summary.value.count("class='sl-gauge'") == sum(
        1 for r in d.s.result().target_rows() if r["year"] == 2030)
    assert d.sentence.value.count("Năm 2030 dự kiến") == 1 and "mục tiêu &gt; 70 %" in d.sentence.value
    assert "Số liệu thực tế" not in d.legend.value  # no observation of this indicator
    assert d.chart.spec["encoding"]["x"]["scale"]["domain"][0] == 2024  # base year
    d.indicator.value = "sme_digital_platform_share"  # observed since 2023
    for key in ("Trung vị", "Khoảng 5–95 %", "Kịch bản cơ sở", "Số liệu thực tế", "Mục tiêu"):
        assert key in d.legend.value
    assert d.chart.spec["encoding"]["x"]["scale"]["domain"][0] == 2023
    d.compare.value = ("accelerated",)
    assert "Kịch bản so sánh" in d.legend.value
    area = next(layer for layer in d.chart.spec["layer"] if layer["mark"]["type"] == "area")
    assert area["transform"][0]["filter"]["equal"] == "Theo kế hoạch"  # only the main one shaded


def test_swap_datasets_uses_the_synced_update_trait():
    """Pins Altair's private in-place data update that :func:`swap_datasets` relies on."""
    import altair as alt
    import pandas as pd

    from simlib.dashboard.app import swap_datasets

    chart = alt.JupyterChart(alt.Chart(alt.NamedData("bands")).mark_line())
    assert "_py_to_js_updates" in chart.trait_names()
    assert chart.trait_metadata("_py_to_js_updates", "sync")
    swap_datasets(chart, {"bands": pd.DataFrame({"x": [1]}).to_dict("records")})
    assert chart._py_to_js_updates == [{"namespace": "data", "name": "bands", "scope": [],
                                        "value": [{"x": 1}]}]


def test_save_as_writes_a_valid_scenario_and_never_overwrites(scenario_dir):
    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan"))
    d.controls["st_budget"].slider.value = 33
    d.saving.name.value = "Kịch bản tăng ngân sách"
    assert "kich-ban-tang-ngan-sach.yaml" in d.saving.file.value
    d.saving.overwrite.value = True  # no file of that name yet: harmless
    d.saving.save.click()
    saved = scenario_dir / "kich-ban-tang-ngan-sach.yaml"
    assert saved.exists() and "✔" in d.saving.msg.value and "Đã lưu" in d.saving.msg.value
    sc = simlib.load_scenario(saved)
    assert sc.lever_value("st_budget") == 33 and sc.title["vi"] == "Kịch bản tăng ngân sách"
    assert "Theo kế hoạch" in sc.description["vi"]  # says what it was based on, not the old text
    # the page now shows the saved scenario, the box is reset
    assert d.s.base.name == d.scenario.value == "kich-ban-tang-ngan-sach" and not d.s.levers
    assert d.saving.name.value == "" and d.saving.overwrite.value is False
    text = saved.read_text()
    d.controls["st_budget"].slider.value = 44
    d.saving.name.value = "Kịch bản tăng ngân sách"
    d.saving.save.click()  # the same name again: a user's file, not "shipped"
    assert saved.read_text() == text and "ghi đè" in d.saving.msg.value
    assert "có sẵn" not in d.saving.msg.value
    d.saving.name.value = "../escape"
    d.saving.save.click()
    assert "✔" in d.saving.msg.value and (scenario_dir / "escape.yaml").exists()  # "escape"
    assert not (scenario_dir.parent / "escape.yaml").exists()
    users = sorted(p.name for p in scenario_dir.iterdir())
    for shipped in ("Plan", "BASELINE", "Théo"):
        d.saving.name.value = "plan" if shipped == "Théo" else shipped
        d.saving.overwrite.value = True
        d.saving.save.click()
        assert "không thể ghi đè" in d.saving.msg.value
    assert sorted(p.name for p in scenario_dir.iterdir()) == users  # no shadow of a shipped name
    d.saving.name.value = "!!!"
    d.saving.save.click()
    assert "ít nhất một chữ cái" in d.saving.msg.value


def test_file_names_from_titles_and_the_shipped_list(scenario_dir):
    from simlib.storage import shipped_scenarios

    assert file_name_for("Kịch bản tăng ngân sách") == "kich-ban-tang-ngan-sach"
    assert file_name_for("Đầu tư ĐỒNG BỘ  2030!") == "dau-tu-dong-bo-2030"
    assert file_name_for("  ") == "" and len(file_name_for("a" * 100)) == 64
    package = Path(simlib.__file__).resolve().parent / "scenarios"
    assert shipped_scenarios() == ["accelerated", "baseline", "constrained-budget", "plan"]
    assert shipped_scenarios() == sorted(p.stem for p in package.glob("*.yaml"))
    (scenario_dir / "mine.yaml").write_text(simlib.load_scenario("plan").renamed("mine").to_yaml())
    assert "mine" not in shipped_scenarios()  # a user's file beside others is never "shipped"


def test_goal_seek_from_a_target_card():
    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan&lang=en"))
    d.seek_buttons["digital_team_village_coverage"].click()
    assert d.seek.box.layout.display == "flex"
    assert d.seek.box in d.cards["digital_team_village_coverage"].children  # inline
    assert d.seek.lever.value == "digital_team_budget"  # levers by measured effect first
    assert d.s.indicator == "digital_team_village_coverage"
    d.seek.year.value, d.seek.probability.value = 2030, 0.8
    scrolls = d.bridge.scroll_count
    d.seek.run.click()
    assert "bn VND/yr" in d.seek.result.value and "⚠" not in d.status.value
    assert d.bridge.scroll_count == scrolls + 1 and "seek_result" in d.bridge.scroll
    assert d.seek.apply.layout.display != "none"
    lever, value = d.seek.answer
    d.seek.apply.click()
    assert d.controls[lever].slider.value == pytest.approx(value, abs=d.controls[lever].slider.step)
    assert f"{lever}=" in d.bridge.query and "✔" in d.seek.result.value
    # a lever that does not move the target: said so, nothing to run
    still = next(v for _label, v in d.seek.lever.options if v not in d.seek.moving())
    d.seek.lever.value = still
    assert "does not move this target" in d.seek.result.value and d.seek.run.disabled


def test_downloads_are_data_links_of_valid_files():
    import base64
    import re

    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan&lang=vi&indicator=digital_teams"))
    d.controls["st_budget"].slider.value = 30
    d.export_buttons["png"].click()
    m = re.search(r"download='([^']+)' href='data:image/png;base64,([^']+)'", d.export_link.value)
    assert m and m.group(1) == "plan-edited.digital_teams.vi.png"
    assert base64.b64decode(m.group(2))[:8] == b"\x89PNG\r\n\x1a\n"
    d.export_buttons["svg"].click()
    svg = base64.b64decode(re.search(r"base64,([^']+)'", d.export_link.value).group(1)).decode()
    assert "Tổ công nghệ số cộng đồng" in svg and "đã chỉnh sửa" in svg
    d.export_buttons["report"].click()
    m = re.search(r"download='([^']+)' href='data:text/html;base64,([^']+)'", d.export_link.value)
    assert m and m.group(1) == "plan-edited.report.vi.html"
    assert "Kế hoạch 3549/KH-UBND" in base64.b64decode(m.group(2)).decode()


def test_deck_and_workbook_downloads_cover_the_current_and_compared_scenarios():
    import base64
    import io
    import re

    from openpyxl import load_workbook
    from pptx import Presentation

    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan&lang=vi&compare=accelerated"))
    d.controls["st_budget"].slider.value = 30
    assert d.export_buttons["pptx"].description == "Bản trình chiếu (PPTX)"
    d.export_buttons["pptx"].click()
    m = re.search(r"download='([^']+)' href='data:application/vnd.openxmlformats-officedocument"
                  r".presentationml.presentation;base64,([^']+)'", d.export_link.value)
    assert m and m.group(1) == "plan-edited+accelerated.deck.vi.pptx", d.status.value
    deck = Presentation(io.BytesIO(base64.b64decode(m.group(2))))
    assert "Theo kế hoạch (đã chỉnh sửa), Tăng tốc" in deck.slides[0].placeholders[1].text_frame.text
    d.lang.value = "en"
    d.export_buttons["xlsx"].click()
    m = re.search(r"download='([^']+)' href='data:application/vnd.openxmlformats-officedocument"
                  r".spreadsheetml.sheet;base64,([^']+)'", d.export_link.value)
    assert m and m.group(1) == "plan-edited+accelerated.data.en.xlsx"
    wb = load_workbook(io.BytesIO(base64.b64decode(m.group(2))))
    assert {r[1] for r in wb["Attainment"].iter_rows(min_row=2, values_only=True)} == {
        "plan-edited", "accelerated"}


# --- the observed-value form ------------------------------------------------------------------
def _row_2025(session, indicator="st_transfer_share"):
    return next(r for r in session.result().target_rows()
                if (r["indicator"], r["year"]) == (indicator, 2025))


def test_a_saved_2025_observation_decides_that_cards_verdict(scenario_dir):
    from simlib.observations import observations_path

    s = from_query("scenario=plan&st_budget=40")
    assert s.history_years()[-1] == 2025 and ("Tỷ lệ kết quả nghiên cứu được chuyển giao (cả kỳ)",
                                              "st_transfer_share") in s.observation_indicators()
    before = _row_2025(s)
    assert before["observed"] is None and before["status"] == "pending"  # history, not yet observed
    path = s.save_observation("st_transfer_share", 2025, 62.5, "  Báo cáo tổng kết KH&CN 2021–2025 ")
    assert path == observations_path() and path.parent == scenario_dir and not s.problems
    assert s.scenario().lever_value("st_budget") == 40  # the page's edits are kept
    row = _row_2025(s)
    assert (row["observed"], row["observed_met"], row["status"]) == (62.5, True, "met")
    assert row["p_met"] == before["p_met"]  # the model's own 2025 run is unchanged
    html = card_html(s.result(), cards_by_indicator(s.result(), "vi")["st_transfer_share"], "vi")
    assert "Số liệu thực tế 62,5" in html and "chưa có số liệu thực tế năm này" not in html.split("2030:")[0]
    assert s.entered_observation("st_transfer_share", 2025).source == "Báo cáo tổng kết KH&CN 2021–2025"
    assert s.save_observation("st_transfer_share", 2025, 40, "revised") is None  # no silent replace
    assert "đã có số liệu do người dùng nhập: 62,5" in s.problems["observation"]
    assert s.save_observation("st_transfer_share", 2025, 40, "revised", replace=True) == path
    assert _row_2025(s)["status"] == "missed"


@pytest.mark.parametrize("value, source, vietnamese", [
    (150, "Báo cáo", "Giá trị phải là một số từ 0 đến 100 (% kết quả nghiệm thu trong kỳ)"),
    (float("nan"), "Báo cáo", "Giá trị phải là một số từ 0 đến 100"),
    (62.5, "   ", "Hãy ghi nguồn của số liệu trên một dòng, tối đa 500 ký tự"),
])
def test_a_bad_value_gets_a_vietnamese_message_and_nothing_is_written(value, source, vietnamese,
                                                                      scenario_dir):
    s = from_query("scenario=plan")
    before = sorted(p.name for p in scenario_dir.iterdir())
    assert s.save_observation("st_transfer_share", 2025, value, source) is None
    message = s.problems["observation"]
    assert message == vietnamese or message.startswith(vietnamese)
    assert not any(w in message for w in ("value", "expected", "outside", "source", "allowed"))
    assert sorted(p.name for p in scenario_dir.iterdir() if not p.name.endswith(".lock")) == before
    s.lang = "en"
    s.save_observation("st_transfer_share", 2025, value, source)
    assert s.problems["observation"].startswith(("The value must be", "Give the source"))


def test_a_broken_observations_file_is_named_in_the_page_language(scenario_dir):
    s = from_query("scenario=plan")
    (scenario_dir / "observations.yaml").write_text("observations: [\n", encoding="utf-8")
    assert s.save_observation("st_transfer_share", 2025, 62.5, "Báo cáo") is None
    assert s.problems["observation"].startswith(f"Tệp {scenario_dir / 'observations.yaml'} có lỗi ở dòng 2")
    assert (scenario_dir / "observations.yaml").read_text(encoding="utf-8") == "observations: [\n"


def test_the_form_saves_and_repaints_the_card_and_keeps_what_was_typed_on_a_problem(scenario_dir):
    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan"))
    assert d.obs.accordion.selected_index is None and d.obs.accordion.titles == ("Nhập số liệu thực tế",)
    assert not d.obs.built  # the form is built when the planner opens the panel
    d.obs.accordion.selected_index = 0
    assert (d.obs.indicator.value, d.obs.year.value) == ("st_transfer_share", 2025)
    assert "chưa có số liệu thực tế năm này" in d.obs.hint.value
    d.obs.value.value, d.obs.source.value = 150, "Báo cáo"
    d.obs.save.click()
    assert "Giá trị phải là một số từ 0 đến 100" in d.obs.msg.value
    assert (d.obs.value.value, d.obs.source.value) == (150, "Báo cáo")  # nothing lost
    before = d.card_html["st_transfer_share"].value
    d.obs.value.value = 62.5
    d.obs.save.click()
    assert "✔ Đã lưu" in d.obs.msg.value and "observations.yaml" in d.obs.msg.value
    assert d.card_html["st_transfer_share"].value != before
    assert "Số liệu thực tế 62,5" in d.card_html["st_transfer_share"].value
    assert "Hiện có: 62,5" in d.obs.hint.value and "do người dùng nhập" in d.obs.hint.value
    assert "observation" not in d.query_msg.value
    d.obs.value.value = 40
    d.obs.save.click()
    assert "thay số liệu đã nhập" in d.obs.msg.value  # replacing needs the box ticked
    d.obs.replace.value = True
    d.obs.save.click()
    assert "Số liệu thực tế 40" in d.card_html["st_transfer_share"].value and not d.obs.replace.value
    d.lang.value = "en"
    assert d.obs.accordion.titles == ("Enter observed value",) and d.obs.save.description == "Save value"
    assert d.obs.msg.value == "" and "entered by a user" in d.obs.hint.value


def test_assumptions_few_first_distribution_ranges_and_presets():
    from simlib.dashboard.app import Dashboard
    from simlib.dashboard.assumptions import FIRST, ranked, slider_range

    d = Dashboard(from_query("scenario=plan"))
    panel = d.assumption_panel
    assert not any(c.kind == "assumption" for c in d.controls.values())  # built when opened
    panel.accordion.selected_index = 0  # opening the panel builds it
    shown = [c for c in panel.box.children if c in [x.box for x in d.controls.values()]]
    assert len(shown) == FIRST and not panel.more_box.children  # "thêm": built when opened
    assert len(panel.hidden) == len(d.s.plan.assumptions) - FIRST
    assert str(len(panel.hidden)) in panel.more.description
    assert panel.more_box.layout.display == "none"
    panel.more.value = True
    assert panel.more_box.layout.display == "flex"
    assert len(panel.more_box.children) == len(panel.hidden)
    assert [c.box for c in map(d.controls.get, panel.hidden)] == list(panel.more_box.children)
    order = ranked(d.s.base)
    assert [c.box for c in map(d.controls.get, order[:FIRST])] == shown
    villages = d.controls["villages"].slider
    assert (villages.min, villages.max) == slider_range(d.s.plan.assumptions["villages"])
    assert villages.max - villages.min < 100  # 851–869, not 1–100.000
    before = d.card_html["st_transfer_share"].value
    panel.presets["high"].click()
    assert len(d.s.assumptions) == len(d.s.plan.assumptions)
    assert d.card_html["st_transfer_share"].value != before
    assert all(f"a.{aid}=" in d.bridge.query for aid in order[:3])


def test_a_link_editing_an_assumption_behind_more_builds_and_opens_it():
    from simlib.dashboard.app import Dashboard
    from simlib.dashboard.assumptions import ranked

    d = Dashboard(from_query(""), draw_chart=False)
    hidden = ranked(d.s.base)[-1]
    d.apply_query(f"scenario=plan&a.{hidden}=1")
    panel = d.assumption_panel
    assert panel.accordion.selected_index == 0 and panel.more.value
    assert panel.more_box.layout.display == "flex"
    assert d.controls[hidden].box in panel.more_box.children
    assert d.controls[hidden].slider.value == 1 and "a." + hidden + "=1" in d.bridge.query


def _models(root) -> set:
    """Every widget model the page's root references (what a page view sends the browser)."""
    import ipywidgets as w

    seen, todo = {}, [root]
    while todo:
        widget = todo.pop()
        if widget.model_id in seen:
            continue
        seen[widget.model_id] = widget
        for name in widget.keys:
            value = getattr(widget, name)
            for v in value if isinstance(value, (tuple, list)) else [value]:
                if isinstance(v, w.Widget):
                    todo.append(v)
    return set(seen.values())


def test_the_page_sends_few_widget_models_and_panels_are_built_when_opened():
    """Issue 12: 682 models at page open (257 Layouts) made the browser slow to show the page."""
    import collections

    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query(""), draw_chart=False)
    d.apply_query("scenario=plan")
    models = _models(d.layout())
    kinds = collections.Counter(type(m).__name__ for m in models)
    assert len(models) < 400, kinds
    assert kinds["Layout"] < 40 and kinds["HTMLStyle"] == 1 and kinds["ButtonStyle"] == 1
    assert d.seek.box is None and not d.obs.built and not d.assumption_panel.box.children
    d.seek.open("st_transfer_share")
    d.obs.accordion.selected_index = 0
    assert d.seek.box in _models(d.layout()) and d.obs.indicator in _models(d.layout())


LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")


def _legends(spec) -> list:
    """Every Vega-Lite legend a chart spec asks for (colour, shape… of every layer)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for name, channel in (node.get("encoding") or {}).items():
                if name in LEGEND_CHANNELS and isinstance(channel, dict) and \
                        channel.get("field") and channel.get("legend", {}) is not None:
                    found.append(channel)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found


def test_compared_scenarios_have_one_legend_the_pages_naming_each():
    """The page's HTML legend names every scenario; the chart draws no second (Vega) legend."""
    from simlib import charts
    from simlib.dashboard.app import Dashboard

    d = Dashboard(from_query("scenario=plan&compare=accelerated,baseline"), draw_chart=False)
    res = d.s.result()
    spec = d.chart_spec(res).to_dict()
    rows = next(lay["data"]["values"] for lay in spec["layer"]
                if lay.get("data", {}).get("name") == charts.BANDS)
    assert len({r["scenario"] for r in rows}) == 3  # three scenarios drawn
    assert _legends(spec) == []
    for r in (res, *d.s.compared()):
        assert charts.scenario_label(r, "vi") in d.legend.value
    # Exports and analyst charts still get Vega's legend for the scenarios' colours.
    bands = charts.bands_frame([res, *d.s.compared()], d.s.indicator, "vi")
    exported = charts.trajectory_chart(d.s.plan, d.s.indicator, "vi", bands).to_dict()
    assert [c["field"] for c in _legends(exported)] == ["scenario", "scenario"]
