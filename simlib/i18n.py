"""Interface strings in Vietnamese and English (numbers: :mod:`simlib.formatting`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Numbers are formatted in .formatting; these names stay importable from here.
from .formatting import D3_LOCALES, fmt_date, fmt_number, fmt_percent, fmt_value  # noqa: F401

LANGS = ("vi", "en")

# Terms follow ../shared/domain/glossary.csv.
STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"vi": "Mô phỏng kế hoạch", "en": "Plan simulator"},
    "scenario": {"vi": "Kịch bản", "en": "Scenario"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "met": {"vi": "Đạt", "en": "Met"},
    "at_risk": {"vi": "Có nguy cơ không đạt", "en": "At risk"},
    "missed": {"vi": "Không đạt", "en": "Missed"},
    "pending": {"vi": "Chờ số liệu tổng kết", "en": "Awaiting the summary figures"},
    "reference": {"vi": "Tham chiếu quốc gia", "en": "National reference"},
    "pending_period": {"vi": "chờ số liệu tổng kết {period}", "en": "awaiting the {period} summary figures"},
    "model_estimate": {"vi": "ước tính của mô hình", "en": "model estimate"},
    "reference_note": {"vi": "không đòn bẩy cấp tỉnh nào làm thay đổi đáng kể; chỉ để tham chiếu",
                       "en": "no provincial lever moves it appreciably; shown for reference"},
    "handout_title": {"vi": "Thử các đòn bẩy chính", "en": "Try the key levers"},
    "handout_note": {
        "vi": "Kéo các thanh trượt: biểu đồ và bảng xác suất đạt mục tiêu thay đổi theo. Đây là "
              "{points} tổ hợp mức đòn bẩy được tính sẵn bằng chính mô hình này ({draws} lần mô "
              "phỏng mỗi tổ hợp, seed {seed}); các đòn bẩy khác giữ như kịch bản; mở được không cần "
              "Internet.",
        "en": "Move the sliders: the chart and the table of probabilities change with them. These "
              "are {points} combinations of lever levels precomputed with this same model ({draws} "
              "draws each, seed {seed}); other levers stay as in the scenario; works offline."},
    "handout_current": {"vi": "kịch bản", "en": "scenario"},
    "by_observation": {"vi": "theo số liệu thực tế", "en": "by the observed value"},
    "definition": {"vi": "Định nghĩa", "en": "Definition"},
    "each_year": {"vi": "Từng năm", "en": "Each year"},
    "every_year": {"vi": "mọi năm", "en": "every year"},
    "probability": {"vi": "Xác suất đạt mục tiêu", "en": "Probability of meeting the target"},
    "gap": {"vi": "Khoảng cách đến mục tiêu", "en": "Gap to target"},
    "observed": {"vi": "Số liệu thực tế", "en": "Observed"},
    "projection": {"vi": "Dự báo", "en": "Projection"},
    "median": {"vi": "Trung vị", "en": "Median"},
    "band": {"vi": "Khoảng bất định (5–95%)", "en": "Uncertainty range (5–95%)"},
    "baseline": {"vi": "Kịch bản cơ sở", "en": "Baseline"},
    "year": {"vi": "Năm", "en": "Year"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "difference": {"vi": "Chênh lệch", "en": "Difference"},
    # The model check page (simlib validate-model), goal-seek sentences, confidence levels.
    "mc_title": {"vi": "Kiểm tra mô hình với số liệu thực tế", "en": "Model check against observations"},
    "mc_summary": {"vi": "Tóm tắt", "en": "Summary"},
    "mc_checks": {
        "vi": "Chạy lại từ số liệu đầu tiên, so với các số liệu sau",
        "en": "Hindcasts from the first observation against later ones"},
    "mc_single": {
        "vi": "Chuỗi chỉ có một số liệu: chỉ là điểm xuất phát",
        "en": "Series with a single observation: starting point only"},
    "mc_carried": {"vi": "Giá trị xuất phát lấy từ năm khác", "en": "Start values carried from another year"},
    "mc_context": {
        "vi": "Chuỗi số liệu bối cảnh (có số liệu thực tế, mô hình không mô phỏng)",
        "en": "Context series (observed, not simulated)"},
    "mc_reading": {"vi": "Cách đọc", "en": "How to read this page"},
    "mc_none": {"vi": "Không có.", "en": "None."},
    "mc_yes": {"vi": "có", "en": "yes"},
    "mc_no": {"vi": "không", "en": "no"},
    "mc_from_observation": {"vi": "từ số liệu này", "en": "from this observation"},
    "mc_from_carried": {"vi": "từ số liệu năm {year}", "en": "from the {year} observation"},
    "mc_from_assumptions": {"vi": "từ các giả định của mô hình", "en": "from the model's assumptions"},
    "mc_col_series": {"vi": "Chỉ tiêu", "en": "Series"},
    "mc_col_context_series": {"vi": "Chuỗi số liệu", "en": "Series"},
    "mc_col_start": {"vi": "Xuất phát: năm, thực tế → mô hình", "en": "Start: year, observed → model"},
    "mc_col_start_from": {"vi": "Giá trị xuất phát của mô hình", "en": "Model's start value"},
    "mc_col_year": {"vi": "Năm", "en": "Year"},
    "mc_col_observed": {"vi": "Thực tế", "en": "Observed"},
    "mc_col_central": {"vi": "Mô hình (trung tâm)", "en": "Model (central)"},
    "mc_col_median": {"vi": "Trung vị", "en": "Median"},
    "mc_col_band": {"vi": "Khoảng 5–95%", "en": "5–95% band"},
    "mc_col_error": {"vi": "Sai số (mô hình − thực tế)", "en": "Error (model − observed)"},
    "mc_col_relative": {"vi": "Sai số tương đối", "en": "Relative error"},
    "mc_col_inside": {"vi": "Trong khoảng?", "en": "Inside band?"},
    "mc_col_confidence": {"vi": "Độ tin cậy", "en": "Confidence"},
    "mc_col_source": {"vi": "Nguồn", "en": "Source"},
    "mc_col_start_year": {"vi": "Năm xuất phát", "en": "Start year"},
    "mc_col_value": {"vi": "Giá trị", "en": "Value"},
    "mc_col_from_year": {"vi": "Lấy từ năm", "en": "Carried from"},
    "mc_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "mc_col_relates_to": {"vi": "Liên quan đến chỉ tiêu", "en": "Bears on"},
    "confidence_high": {"vi": "cao", "en": "high"},
    "confidence_medium-high": {"vi": "trung bình – cao", "en": "medium-high"},
    "confidence_medium": {"vi": "trung bình", "en": "medium"},
    "confidence_medium-low": {"vi": "trung bình – thấp", "en": "medium-low"},
    "confidence_low": {"vi": "thấp", "en": "low"},
    "confidence_placeholder": {"vi": "tạm đặt", "en": "placeholder"},
    "mc_reading_1": {
        "vi": "Mỗi chỉ tiêu được chạy lại từ cuối năm có số liệu đầu tiên của nó (hoặc từ năm gốc "
              "{base} nếu mọi số liệu đều sau năm đó) đến {end}; các đòn bẩy giữ mức hiện trạng.",
        "en": "Each series is rerun from the end of the year of its first observation (or from "
              "the base year {base} when every observation is later) to {end}, with levers at "
              "business as usual."},
    "mc_reading_2": {
        "vi": "Cột “Xuất phát” cho biết giá trị xuất phát của mô hình lấy từ đâu: từ chính số "
              "liệu thực tế, từ số liệu của năm khác (liệt kê ở mục riêng), hoặc từ các giả định "
              "của mô hình. Các giả định về trạng thái ban đầu mô tả cuối năm {base} và được dùng "
              "nguyên như vậy tại năm xuất phát. Giá trị xuất phát lấy từ năm khác chỉ ảnh hưởng "
              "đến một chỉ tiêu ở bảng trên khi chỉ tiêu đó phụ thuộc vào nó trong cùng lần chạy.",
        "en": "The “Start” column says where the model's start value comes from: the observation "
              "itself, an observation of another year (listed in its own section), or the model's "
              "assumptions. Start-state assumptions describe the end of {base} and are used "
              "unchanged at the start year. A carried start value matters for a series above only "
              "if that series depends on it in the same run."},
    "mc_reading_3": {
        "vi": "Sai số tính theo lần chạy trung tâm (các giả định ở giá trị trung tâm, không có "
              "nhiễu đếm); khoảng 5–95% gồm cả bất định của giả định và nhiễu đếm khi số lượng "
              "nhỏ.",
        "en": "Errors are those of the central run (assumptions at their central values, no "
              "counting noise); the 5–95% band includes the assumptions' uncertainty and the "
              "counting noise of small numbers."},
    "mc_reading_4": {
        "vi": "Trang này được tạo tự động: `simlib validate-model --lang vi --output "
              "docs/validation.vi.md --force`.",
        "en": "This page is generated: `simlib validate-model --lang en --output "
              "docs/validation.en.md --force`."},
    "mc_summary_checked": {
        "vi": "**Đã kiểm tra gì:** với mỗi chỉ tiêu có từ hai số liệu thực tế trở lên ({names}), "
              "mô hình được chạy lại từ số liệu đầu tiên (chạy lại quá khứ), giữ nguyên các đòn "
              "bẩy chính sách như hiện trạng, rồi so với từng số liệu thực tế sau đó: lần chạy "
              "trung tâm và khoảng 5–95% của {draws} lần mô phỏng (seed {seed}).",
        "en": "**What was checked:** every series observed more than once ({names}) was rerun "
              "from its first observation (a hindcast), with policy levers at business as usual, "
              "and compared with each later observation: the central run and the 5–95% band of "
              "{draws} draws (seed {seed})."},
    "mc_summary_result": {
        "vi": "**Kết quả:** {inside} trên {n} số liệu sau nằm trong khoảng 5–95% của mô hình.",
        "en": "**Result:** {inside} of {n} later observation(s) fall inside the model's 5–95% "
              "band."},
    "mc_summary_unchecked": {
        "vi": "**Chưa kiểm tra được:** {singles} chỉ tiêu chỉ có một số liệu; số liệu đó chỉ là "
              "điểm xuất phát nên không thể so sánh ngoài mẫu. {context} chuỗi số liệu bối cảnh "
              "được liệt kê kèm nguồn.",
        "en": "**Not checkable:** {singles} series have a single observation; it only sets the "
              "starting point, so no out-of-sample check is possible. {context} context series "
              "are listed with their sources."},
    "mc_summary_caution": {
        "vi": "**Lưu ý:** số liệu còn rất ít. Khi nguồn của một giả định hay đòn bẩy dẫn chính số "
              "liệu được so sánh (xem tài liệu mô tả mô hình), sự khớp một phần là do cách đặt "
              "giả định, không chứng minh dự báo là đúng.",
        "en": "**Caution:** the observations are very few. Where an assumption's or lever's "
              "source cites the observation it is compared with (see the model reference), "
              "agreement is partly by construction and does not prove the projections right."},
    "goal_seek_met": {
        "vi": "{lever} {level} đạt {goal} với xác suất {p}.",
        "en": "{lever} {level} meets {goal} with probability {p}."},
    "goal_seek_infeasible": {
        "vi": "Không đạt {goal} với xác suất {probability} trong khoảng cho phép; tốt nhất {p} ở "
              "mức {level}.",
        "en": "{goal} is not met with probability {probability} anywhere in the lever's range; "
              "best {p} at {level}."},
    "baseline_scenario": {"vi": "Kịch bản cơ sở", "en": "Baseline"},
    "percentage_points": {"vi": "điểm %", "en": "percentage points"},
    "ref_indicators": {"vi": "Chỉ tiêu", "en": "Indicators"},
    "ref_components": {"vi": "Thành phần mô hình", "en": "Model components"},
    "assumption_no_source": {"vi": "Giả định (chưa có nguồn)", "en": "Assumption (no source)"},
    "levers": {"vi": "Đòn bẩy chính sách", "en": "Policy levers"},
    "assumptions": {"vi": "Giả định", "en": "Assumptions"},
    "reset": {"vi": "Đặt lại", "en": "Reset"},
    "save_as": {"vi": "Lưu thành…", "en": "Save as…"},
    "compare": {"vi": "So sánh", "en": "Compare"},
    "export": {"vi": "Xuất", "en": "Export"},
    "download": {"vi": "Tải xuống", "en": "Download"},
    "report": {"vi": "Báo cáo", "en": "Report"},
    "loading": {"vi": "Đang tải…", "en": "Loading…"},
    "allowed_range": {"vi": "Khoảng cho phép", "en": "Allowed range"},
    "national": {"vi": "Mục tiêu quốc gia (tham chiếu)", "en": "National target (reference)"},
    "plan_source": {"vi": "Theo", "en": "From"},
    "history": {"vi": "Đã qua (lịch sử)", "en": "History"},
    "no_observation": {"vi": "chưa có số liệu thực tế năm này", "en": "no observation for this year yet"},
    "former_area": {"vi": "Địa bàn tỉnh Kon Tum (cũ)", "en": "Former Kon Tum area"},
    "not_in_period": {"vi": "ngoài kỳ kế hoạch", "en": "outside the plan period"},
    "goal_seek": {"vi": "Tìm mức cần thiết để đạt mục tiêu", "en": "Goal seek"},
    "draws": {"vi": "lần mô phỏng", "en": "draws"},
    "edited": {"vi": "đã chỉnh sửa", "en": "edited"},
    # the dashboard's form for observed values (simlib.observations)
    "obs_panel": {"vi": "Nhập số liệu thực tế", "en": "Enter observed value"},
    "obs_intro": {"vi": "Số liệu thực tế của một năm thay giá trị mô phỏng khi đánh giá mục tiêu năm "
                        "đó. Số liệu được lưu vào tệp {file}, không sửa tệp kế hoạch.",
                  "en": "An observed value decides the verdict of a target in its year. It is saved "
                        "in {file}; the plan file is not changed."},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "obs_source_hint": {"vi": "Ví dụ: Báo cáo tổng kết KH&CN 2021–2025 (Sở KH&CN)",
                        "en": "e.g. S&T summary report 2021–2025 (Department of S&T)"},
    "obs_replace": {"vi": "thay số liệu đã nhập", "en": "replace the value entered"},
    "obs_save": {"vi": "Lưu số liệu", "en": "Save value"},
    "obs_current": {"vi": "Hiện có", "en": "Now"},
    "obs_by_user": {"vi": "do người dùng nhập ngày", "en": "entered by a user on"},
    "obs_saved": {"vi": "Đã lưu {what} vào {file}", "en": "Saved {what} in {file}"},
    "obs_bad_indicator": {"vi": "Hãy chọn một chỉ tiêu có mục tiêu",
                          "en": "Choose an indicator with targets"},
    "obs_bad_year": {"vi": "Năm phải là số nguyên từ {low} đến {high}",
                     "en": "The year must be a whole number from {low} to {high}"},
    "obs_bad_value": {"vi": "Giá trị phải là một số từ {low} đến {high} ({unit})",
                      "en": "The value must be a number from {low} to {high} ({unit})"},
    "obs_bad_source": {"vi": "Hãy ghi nguồn của số liệu trên một dòng, tối đa {max} ký tự",
                       "en": "Give the source of the value on one line, at most {max} characters"},
    "obs_bad_field": {"vi": "Giá trị không hợp lệ ở trường {field}", "en": "Invalid value in field {field}"},
    "obs_exists": {"vi": "Năm {year} đã có số liệu do người dùng nhập: {value} (nguồn: {source}). Đánh "
                         "dấu ô “thay số liệu đã nhập” rồi lưu lại để thay.",
                   "en": "{year} already has a value entered by a user: {value} (source: {source}). "
                         "Tick “replace the value entered” and save again to replace it."},
    "obs_bad_file": {"vi": "Tệp {file} có lỗi ở dòng {line}, trường {field}; chưa ghi gì. Hãy sửa tệp "
                           "(kiểm tra bằng lệnh simlib validate) rồi lưu lại.",
                     "en": "{file} has an error at line {line}, field {field}; nothing was written. "
                           "Fix the file (check it with simlib validate) and save again."},
    "obs_busy": {"vi": "Tệp số liệu vừa được phiên làm việc khác ghi; hãy lưu lại.",
                 "en": "Another session has just written the file; save again."},
    "obs_write_failed": {"vi": "Không ghi được tệp {file} (lỗi hệ thống {code}); chưa ghi gì.",
                         "en": "Could not write {file} (system error {code}); nothing was written."},
    # analyst charts (sensitivity, goal-seek, allocation)
    "parameter": {"vi": "Giả định", "en": "Assumption"},
    "first_order": {"vi": "Chỉ số bậc một (S1)", "en": "First order (S1)"},
    "total_order": {"vi": "Chỉ số toàn phần (ST)", "en": "Total order (ST)"},
    "index": {"vi": "Chỉ số Sobol", "en": "Sobol index"},
    "order": {"vi": "Loại chỉ số", "en": "Index"},
    "low": {"vi": "Giả định ở mức thấp", "en": "Assumption low"},
    "high": {"vi": "Giả định ở mức cao", "en": "Assumption high"},
    "case": {"vi": "Trường hợp", "en": "Case"},
    "required": {"vi": "Xác suất yêu cầu", "en": "Required probability"},
    "lever": {"vi": "Đòn bẩy", "en": "Lever"},
    "budget": {"vi": "Ngân sách (tỷ đồng/năm)", "en": "Budget (bn VND/yr)"},
    "split": {"vi": "Phương án", "en": "Split"},
    "own": {"vi": "Tỷ lệ của kịch bản", "en": "Scenario's own split"},
    "optimised": {"vi": "Phân bổ tối ưu", "en": "Optimised"},
    "goal_seek_short": {"vi": "Cần bao nhiêu?", "en": "What would it take?"},
    "goal_seek_run": {"vi": "Tìm", "en": "Find"},
    # presenter exports (charts' source lines, the workshop report)
    "targets_from": {"vi": "mục tiêu", "en": "targets"},
    "model_run": {"vi": "dự báo: mô phỏng simlib ({draws} lần mô phỏng, seed {seed})",
                  "en": "projection: simlib simulation ({draws} draws, seed {seed})"},
    "attainment_title": {"vi": "Xác suất đạt mục tiêu năm {year}",
                         "en": "Probability of meeting the {year} targets"},
    "attainment_note": {"vi": "Vạch đứt: ngưỡng {low} (không đạt) và {high} (đạt); thanh nhạt: mục "
                              "tiêu quốc gia (tham chiếu)",
                        "en": "Dashed lines: {low} (missed) and {high} (met); pale bars: national "
                              "targets (reference)"},
    "report_title": {"vi": "Báo cáo hội thảo", "en": "Workshop report"},
    "generated": {"vi": "Lập ngày", "en": "Generated on"},
    "charts": {"vi": "Biểu đồ", "en": "Charts"},
    "citations": {"vi": "Trích dẫn mục tiêu", "en": "Target citations"},
    "central": {"vi": "Giá trị trung tâm", "en": "Central value"},
    "distribution": {"vi": "Phân bố", "en": "Distribution"},
    "status": {"vi": "Tình trạng", "en": "Status"},
    "p_met": {"vi": "Xác suất đạt", "en": "P(met)"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "dist_fixed": {"vi": "cố định", "en": "fixed"},
    "dist_uniform": {"vi": "đều", "en": "uniform"},
    "dist_triangular": {"vi": "tam giác", "en": "triangular"},
    "dist_normal": {"vi": "chuẩn", "en": "normal"},
    "dist_lognormal": {"vi": "log-chuẩn", "en": "lognormal"},
    "dist_beta": {"vi": "beta", "en": "beta"},
    # notebook summaries of a Result / Scenario (simlib.summary) and analyst chart legends
    "n_met": {"vi": "đạt", "en": "met"},
    "n_at_risk": {"vi": "có nguy cơ", "en": "at risk"},
    "n_missed": {"vi": "không đạt", "en": "missed"},
    "n_pending": {"vi": "chờ số liệu", "en": "awaiting data"},
    "n_reference": {"vi": "tham chiếu", "en": "reference"},
    "targets": {"vi": "Mục tiêu", "en": "Targets"},
    "seed": {"vi": "seed", "en": "seed"},
    "indicators": {"vi": "chỉ tiêu", "en": "indicators"},
    "based_on": {"vi": "dựa trên", "en": "based on"},
    "plan_file": {"vi": "Kế hoạch", "en": "Plan"},
    "levers_set": {"vi": "Đòn bẩy khác mặc định", "en": "Levers set"},
    "default": {"vi": "Mặc định", "en": "Default"},
    "overrides": {"vi": "Giả định được thay", "en": "Assumptions overridden"},
    "none": {"vi": "không có", "en": "none"},
    "sobol_over_time": {"vi": "Chỉ số Sobol toàn phần theo năm", "en": "Total-order Sobol index by year"},
    "allocation_title": {"vi": "Phân bổ {total} tỷ đồng/năm", "en": "Splitting {total} bn VND a year"},
    "expected_met": {"vi": "số mục tiêu đạt kỳ vọng", "en": "expected number of targets met"},
    # the PowerPoint deck and the Excel workbook (simlib.export.deck, simlib.export.workbook)
    "deck_glance": {"vi": "Mục tiêu: tổng quan", "en": "Targets at a glance"},
    "deck_glance_note": {"vi": "Ô: tình trạng và xác suất đạt; đạt khi xác suất ≥ {high}, không đạt khi "
                               "< {low}. Năm {history} đã qua: đánh giá theo số liệu thực tế. Mục tiêu "
                               "không đòn bẩy cấp tỉnh nào làm thay đổi là tham chiếu (màu xám).",
                         "en": "Cells: status and probability of meeting the target; met at ≥ {high}, "
                               "missed below {low}. {history} is history: judged on observed values. "
                               "Targets no provincial lever moves are references (grey)."},
    "deck_levers": {"vi": "Kịch bản: các đòn bẩy khác nhau", "en": "Scenarios: the levers that differ"},
    "deck_no_lever_differs": {"vi": "Các kịch bản dùng cùng mức của mọi đòn bẩy.",
                              "en": "The scenarios set every lever alike."},
    "deck_sources": {"vi": "Giả định và nguồn", "en": "Assumptions and sources"},
    "deck_assumption_count": {"vi": "{total} giả định về các tham số bất định: {sourced} có nguồn, "
                                    "{unsourced} chưa có nguồn. Phân bố, khoảng và nguồn của từng giả "
                                    "định: tệp Excel, trang “{sheet}”; giả định của mỗi chỉ tiêu: ghi "
                                    "chú của trang chỉ tiêu đó.",
                              "en": "{total} assumptions about uncertain parameters: {sourced} with a "
                                    "source, {unsourced} without. Distribution, range and source of "
                                    "each: the Excel workbook, sheet “{sheet}”; the assumptions behind "
                                    "an indicator: the notes of its slide."},
    "deck_target_sources": {"vi": "Nguồn của các mục tiêu", "en": "Where the targets come from"},
    "deck_overrides": {"vi": "Giả định kịch bản thay đổi", "en": "Assumptions a scenario changes"},
    "continued": {"vi": "(tiếp)", "en": "(continued)"},
    "compared": {"vi": "Kịch bản so sánh", "en": "Scenarios compared"},
    "made_with": {"vi": "Lập bằng simlib {version}", "en": "Made with simlib {version}"},
    "drivers": {"vi": "Giả định ảnh hưởng đến chỉ tiêu", "en": "Assumptions that drive it"},
    "drivers_more": {"vi": "… và {n} giả định khác ở các khâu trước (tệp Excel, trang “{sheet}”)",
                     "en": "… and {n} more upstream (the Excel workbook, sheet “{sheet}”)"},
    "plan_sentence": {"vi": "Câu trong kế hoạch", "en": "Plan sentence"},
    "results_by_scenario": {"vi": "Kết quả theo kịch bản", "en": "Results by scenario"},
    "observed_value": {"vi": "số liệu thực tế {value}", "en": "observed {value}"},
    "default_bau": {"vi": "Mặc định (giữ nguyên hiện trạng)", "en": "Default (business as usual)"},
    "sheet_readme": {"vi": "Giới thiệu", "en": "README"},
    "sheet_attainment": {"vi": "Khả năng đạt", "en": "Attainment"},
    "sheet_trajectories": {"vi": "Quỹ đạo", "en": "Trajectories"},
    "sheet_levers": {"vi": "Đòn bẩy", "en": "Levers"},
    "sheet_assumptions": {"vi": "Giả định", "en": "Assumptions"},
    "wb_what": {"vi": "Nội dung", "en": "What"},
    "wb_title": {"vi": "Kết quả mô phỏng", "en": "Simulation results"},
    "wb_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "wb_area": {"vi": "Địa bàn", "en": "Area"},
    "wb_version": {"vi": "Phiên bản simlib", "en": "simlib version"},
    "wb_draws": {"vi": "Số lần mô phỏng", "en": "Draws"},
    "wb_sheets": {"vi": "Các trang", "en": "Sheets"},
    "wb_sheet_attainment": {"vi": "một dòng cho mỗi mục tiêu × kịch bản: xác suất đạt, trung vị, 5 %, "
                                  "95 %, tình trạng",
                            "en": "one row per target × scenario: probability met, median, 5 %, 95 %, "
                                  "status"},
    "wb_sheet_trajectories": {"vi": "dạng dài: kịch bản, chỉ tiêu, năm, thống kê (p05 = 5 %, median = "
                                    "trung vị, p95 = 95 %, mean = trung bình), giá trị",
                              "en": "long format: scenario, indicator, year, statistic (p05, median, "
                                    "p95, mean), value"},
    "wb_sheet_levers": {"vi": "giá trị đòn bẩy của mỗi kịch bản theo năm (đầu năm); năm đã qua giữ mức "
                              "hiện trạng",
                        "en": "each scenario's lever values by year (at the start of the year); "
                              "history years keep business as usual"},
    "wb_sheet_assumptions": {"vi": "phân bố, khoảng và nguồn của mỗi giả định (“chưa có nguồn” khi tệp "
                                   "kế hoạch đánh dấu là giả định)",
                             "en": "distribution, range and source of each assumption (“no source” "
                                   "where the plan file marks it an assumption)"},
    "wb_status_code": {"vi": "Mã tình trạng", "en": "Status code"},
    "wb_target_value": {"vi": "Giá trị mục tiêu", "en": "Target value"},
    "wb_comparison": {"vi": "So sánh", "en": "Comparison"},
    "wb_p_every_year": {"vi": "Xác suất đạt mọi năm", "en": "P(met every year)"},
    "wb_statistic": {"vi": "Thống kê", "en": "Statistic"},
    "wb_id": {"vi": "Mã", "en": "Id"},
    "wb_scenario_id": {"vi": "Mã kịch bản", "en": "Scenario id"},
    "wb_indicator_id": {"vi": "Mã chỉ tiêu", "en": "Indicator id"},
    "wb_lever_id": {"vi": "Mã đòn bẩy", "en": "Lever id"},
    "wb_low": {"vi": "Cận dưới", "en": "Low"},
    "wb_high": {"vi": "Cận trên", "en": "High"},
    "wb_default": {"vi": "Mặc định", "en": "Default"},
    "wb_yes": {"vi": "có", "en": "yes"},
    "export_deck": {"vi": "Bản trình chiếu", "en": "Slides"},
    "export_workbook": {"vi": "Bảng tính", "en": "Workbook"},
    # the planner dashboard: messages (codes rendered by :func:`render`) and labels
    "msg_not_number": {"vi": "{value} không phải là số", "en": "expected a number, got {value}"},
    "msg_out_of_range": {"vi": "{value} nằm ngoài khoảng cho phép {low}–{high} {unit}",
                         "en": "{value} is outside the allowed range {low}–{high} {unit}"},
    "msg_invalid": {"vi": "Giá trị {value} không hợp lệ", "en": "Invalid value {value}"},
    "msg_unknown_scenario": {"vi": "Không có kịch bản {name}; đang hiện kịch bản {used}",
                             "en": "no scenario {name}; showing {used}"},
    "msg_unknown_scenario_close": {"vi": "Không có kịch bản {name} (có phải {close}?); đang hiện "
                                         "kịch bản {used}",
                                   "en": "no scenario {name} (did you mean {close}?); showing {used}"},
    "msg_unknown_lang": {"vi": "Không có ngôn ngữ {name}; dùng tiếng Việt",
                         "en": "no language {name}; using Vietnamese"},
    "msg_unknown_indicator": {"vi": "Không có chỉ tiêu {name} trong kế hoạch; bỏ qua",
                              "en": "no indicator {name} in the plan; ignored"},
    "msg_unknown_param": {"vi": "Địa chỉ có tham số lạ {name}; bỏ qua",
                          "en": "unknown address parameter {name}; ignored"},
    "msg_unknown_param_close": {"vi": "Địa chỉ có tham số lạ {name} (có phải {close}?); bỏ qua",
                                "en": "unknown address parameter {name} (did you mean {close}?); "
                                      "ignored"},
    "msg_query_too_long": {"vi": "Địa chỉ dài hơn {max} ký tự; bỏ qua toàn bộ tham số",
                           "en": "the address is longer than {max} characters; ignored"},
    "msg_query_too_many": {"vi": "Địa chỉ có hơn {max} tham số; bỏ qua toàn bộ",
                           "en": "the address has more than {max} parameters; ignored"},
    "msg_compare_unknown": {"vi": "Không có kịch bản so sánh {name}; bỏ qua",
                            "en": "no scenario {name} to compare; ignored"},
    "msg_save_empty": {"vi": "Hãy nhập tên kịch bản, ví dụ “Kịch bản tăng ngân sách”",
                       "en": "Type a title for the scenario, e.g. “Higher budget”"},
    "msg_save_bad_title": {"vi": "Tên kịch bản cần có ít nhất một chữ cái hoặc chữ số",
                           "en": "The title needs at least one letter or digit"},
    "msg_save_shipped": {"vi": "“{file}” là kịch bản có sẵn của simlib, không thể ghi đè; hãy đặt "
                               "tên khác",
                         "en": "“{file}” is a scenario shipped with simlib and cannot be "
                               "overwritten; choose another title"},
    "msg_save_reserved": {"vi": "Tên tệp “{file}” được dành riêng; hãy đặt tên khác",
                          "en": "The file name “{file}” is reserved; choose another title"},
    "msg_save_exists": {"vi": "Đã có kịch bản lưu với tên tệp “{file}”; đặt tên khác hoặc đánh dấu "
                              "“ghi đè” rồi lưu lại",
                        "en": "A saved scenario already has the file name “{file}”; choose another "
                              "title or tick “overwrite” and save again"},
    "msg_save_failed": {"vi": "Không ghi được tệp {file} (lỗi hệ thống {code}); chưa ghi gì",
                        "en": "Could not write {file} (system error {code}); nothing was written"},
    "msg_saved": {"vi": "Đã lưu “{title}” vào tệp {file}; trang đang hiện kịch bản này",
                  "en": "Saved “{title}” as {file}; the page now shows it"},
    "msg_error": {"vi": "Có lỗi khi xử lý thao tác này ({kind}); trang vẫn hoạt động",
                  "en": "Something went wrong with this action ({kind}); the page still works"},
    "save_title_hint": {"vi": "Ví dụ: Kịch bản tăng ngân sách", "en": "e.g. Higher budget"},
    "save_file": {"vi": "Tên tệp", "en": "File name"},
    "overwrite": {"vi": "ghi đè", "en": "overwrite"},
    "saved_description": {"vi": "Lưu từ trang mô phỏng ngày {date}, dựa trên kịch bản “{base}”.",
                          "en": "Saved from the simulator page on {date}, based on “{base}”."},
    "unsourced_sentence": {"vi": "Giá trị này do nhóm lập mô hình ước lượng, chưa có số liệu chính "
                                 "thức; hãy thay khi có nguồn.",
                           "en": "The modelling team estimated this value; no official figure "
                                 "exists yet. Replace it when one does."},
    "technical_source": {"vi": "Nguồn kỹ thuật (tiếng Anh)", "en": "Technical provenance"},
    "dist_line": {"vi": "Phân bố: {dist}", "en": "Distribution: {dist}"},
    "param_low": {"vi": "thấp", "en": "low"},
    "param_high": {"vi": "cao", "en": "high"},
    "param_mode": {"vi": "hay gặp nhất", "en": "most likely"},
    "param_mean": {"vi": "trung bình", "en": "mean"},
    "param_sd": {"vi": "độ lệch chuẩn", "en": "standard deviation"},
    "param_value": {"vi": "giá trị", "en": "value"},
    "param_median": {"vi": "trung vị", "en": "median"},
    "param_sigma": {"vi": "sigma (thang log)", "en": "sigma (log scale)"},
    "param_a": {"vi": "a", "en": "a"},
    "param_b": {"vi": "b", "en": "b"},
    "summary": {"vi": "{n} mục tiêu:", "en": "{n} targets:"},
    "legend_median": {"vi": "Trung vị (kịch bản đang xem)", "en": "Median (this scenario)"},
    "legend_band": {"vi": "Khoảng 5–95 %", "en": "5–95 % range"},
    "legend_compare": {"vi": "Kịch bản so sánh", "en": "Compared scenario"},
    "legend_previous": {"vi": "Kết quả trước lần chỉnh gần nhất", "en": "Before the last change"},
    "sentence_short": {"vi": "Năm {year} dự kiến {value} {unit} — thiếu {gap} so với mục tiêu "
                             "{symbol} {target} {unit}.",
                       "en": "{year}: expected {value} {unit} — {gap} short of the target "
                             "{symbol} {target} {unit}."},
    "sentence_ok": {"vi": "Năm {year} dự kiến {value} {unit} — vượt mục tiêu {symbol} {target} "
                          "{unit} ({gap}).",
                    "en": "{year}: expected {value} {unit} — beyond the target {symbol} {target} "
                          "{unit} ({gap})."},
    "sentence_none": {"vi": "Năm {year} dự kiến {value} {unit} (5–95 %: {low}–{high}).",
                      "en": "{year}: expected {value} {unit} (5–95 %: {low}–{high})."},
    "tab_title": {"vi": "Mô phỏng kế hoạch · {plan}", "en": "Plan simulator · {plan}"},
    "share_link": {"vi": "Liên kết chia sẻ trạng thái trang", "en": "Link to this page's state"},
    "copy": {"vi": "Sao chép liên kết", "en": "Copy link"},
    "copied": {"vi": "Đã sao chép", "en": "Copied"},
    "plan_value": {"vi": "Kế hoạch", "en": "Plan"},
    "lever_moves": {"vi": "Đòn bẩy này tác động đến", "en": "This lever moves"},
    "lever_moves_none": {"vi": "Đòn bẩy này không tác động đáng kể đến mục tiêu nào năm {year}",
                         "en": "This lever moves no target appreciably in {year}"},
    "lever_no_effect": {"vi": "Đòn bẩy này không tác động đến mục tiêu này (trong toàn khoảng "
                              "cho phép, xác suất đạt thay đổi dưới 10 điểm)",
                        "en": "This lever does not move this target (over its whole range P(met) "
                              "changes by less than 10 points)"},
    "no_lever_moves": {"vi": "Không đòn bẩy cấp tỉnh nào tác động đến mục tiêu này; chỉ để tham "
                             "chiếu",
                       "en": "No provincial lever moves this target; shown for reference"},
    "seek_met": {"vi": "Đặt “{lever}” ở mức {level} thì xác suất đạt mục tiêu là {p}.",
                 "en": "With “{lever}” at {level} the target is met with probability {p}."},
    "seek_best": {"vi": "Trong toàn khoảng cho phép, “{lever}” không đưa xác suất đạt lên {required}; "
                        "cao nhất {p} ở mức {level}.",
                  "en": "Nowhere in its range does “{lever}” reach {required}; the best is {p} "
                        "at {level}."},
    "seek_never": {"vi": "Trong toàn khoảng cho phép, “{lever}” không đưa xác suất đạt lên trên 0 %; "
                         "cần đòn bẩy khác hoặc kết hợp nhiều đòn bẩy.",
                   "en": "Nowhere in its range does “{lever}” give any chance of meeting it; "
                         "another lever or a combination is needed."},
    "assumption_note": {"vi": "Giả định là niềm tin về các tham số bất định, không phải lựa chọn chính "
                              "sách. Kéo một thanh trượt sẽ cố định tham số đó cho mọi lần mô phỏng. "
                              "Thanh trượt trải từ 5 % đến 95 % phân bố đã khai báo; các giả định "
                              "ảnh hưởng nhiều nhất đến mục tiêu năm cuối kỳ được xếp trước.",
                        "en": "Assumptions are beliefs about uncertain parameters, not policy "
                              "choices. Moving one fixes it at that value for every draw. Sliders "
                              "span 5–95 % of the declared distribution; those moving the end-year "
                              "targets most come first."},
    "preset_low": {"vi": "Tất cả ở mức thấp (5 %)", "en": "All low (5 %)"},
    "preset_central": {"vi": "Tất cả ở giá trị trung tâm", "en": "All central"},
    "preset_high": {"vi": "Tất cả ở mức cao (95 %)", "en": "All high (95 %)"},
    "more_assumptions": {"vi": "Thêm {n} giả định khác", "en": "{n} more assumptions"},
    "apply": {"vi": "Áp dụng", "en": "Apply"},
    "applied": {"vi": "Đã đặt {lever} = {value}", "en": "Set {lever} = {value}"},
}


@dataclass(frozen=True)
class Msg:
    """A message kept as a code and its parameters, rendered in the page's language by
    :func:`render` (so a language switch re-renders it). Parameters: text as given, ``int`` as
    digits (years: no separators), ``float`` in the language's number format."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def render(msg: Msg | str | None, lang: str) -> str:
    """The message in ``lang`` (plain text; escape it for HTML). A ``str`` passes through."""
    if msg is None or isinstance(msg, str):
        return msg or ""
    code = f"{msg.code}_close" if msg.params.get("close") and f"{msg.code}_close" in STRINGS \
        else msg.code
    params = {k: fmt_number(v, lang, 3) if isinstance(v, float) else v
              for k, v in msg.params.items()}
    return " ".join(t(code, lang).format(**params).split())


def t(key: str, lang: str) -> str:
    """Interface string ``key`` in ``lang`` ('vi' or 'en')."""
    return STRINGS[key][lang]


def text(value: dict[str, str], lang: str) -> str:
    """Pick a language from a {'vi': ..., 'en': ...} mapping."""
    return value.get(lang) or value.get("en") or ""


