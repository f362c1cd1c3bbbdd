"""``simlib export``: exit 2 with a clear message on unknown names; files named by scenario,
indicator and language."""

from __future__ import annotations

import pytest

from simlib import charts, cli_export, export
from simlib.cli import main


@pytest.mark.parametrize(("argv", "message"), [
    (["nosuch"], "SCENARIO: unknown scenario 'nosuch' (allowed: accelerated, baseline"),
    (["plan", "--indicators", "st_transfer_shar"],
     "--indicators: unknown indicator 'st_transfer_shar'; did you mean 'st_transfer_share'?"),
    (["plan", "--handout-levers", "digital_team_budget,st_budgt"],
     "--handout-levers: unknown lever 'st_budgt'; did you mean 'st_budget'?"),
])
def test_unknown_scenario_or_indicator_exits_2(argv, message, tmp_path, capsys):
    assert main(["export", *argv, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["--format", "png,gif"],
     "unknown format 'gif' (allowed: png, svg, pdf, html, pptx, xlsx, comma-separated)"),
    (["--format", "ppt"], "unknown format 'ppt' (allowed: png, svg, pdf, html, pptx, xlsx, comma-separated)"),
    (["--theme", "dark"], "invalid choice: 'dark' (choose from 'presentation', 'print')"),
    (["--lang", "fr"], "invalid choice: 'fr'"),
])
def test_unknown_format_theme_or_language_exit_2_with_usage(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "plan", *argv])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.startswith("usage: simlib export") and message in err


def test_cli_names_match_the_library():
    assert cli_export.FORMATS == export.ALL_FORMATS and cli_export.THEMES == charts.THEMES
    assert cli_export.DEFAULT_FORMATS == export.DEFAULT_FORMATS


def test_export_writes_named_files(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["export", "plan", "accelerated", "--format", "svg,html", "--lang", "en",
                 "--indicators", "st_transfer_share", "--draws", "50", "--out", str(out)])
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([
        "plan.st_transfer_share.en.svg", "accelerated.st_transfer_share.en.svg",
        "plan+accelerated.st_transfer_share.en.svg", "plan+accelerated.attainment-2025.en.svg",
        "plan+accelerated.attainment-2030.en.svg", "plan+accelerated.report.en.html"])
    assert capsys.readouterr().out.splitlines() == [str(out / n) for n in [
        "plan.st_transfer_share.en.svg", "accelerated.st_transfer_share.en.svg",
        "plan+accelerated.st_transfer_share.en.svg", "plan+accelerated.attainment-2025.en.svg",
        "plan+accelerated.attainment-2030.en.svg", "plan+accelerated.report.en.html"]]



def test_export_writes_the_deck_and_the_workbook(tmp_path, capsys):
    from openpyxl import load_workbook
    from pptx import Presentation

    out = tmp_path / "out"
    code = main(["export", "plan", "--format", "pptx,xlsx", "--lang", "en", "--indicators",
                 "st_transfer_share", "--draws", "50", "--out", str(out)])
    assert code == 0
    assert capsys.readouterr().out.splitlines() == [str(out / "plan.deck.en.pptx"),
                                                    str(out / "plan.data.en.xlsx")]
    assert sorted(p.name for p in out.iterdir()) == ["plan.data.en.xlsx", "plan.deck.en.pptx"]
    deck = Presentation(str(out / "plan.deck.en.pptx"))
    assert deck.slides[1].shapes.title.text_frame.text == "Targets at a glance"
    assert load_workbook(out / "plan.data.en.xlsx").sheetnames[1] == "Attainment"


def test_a_folder_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path, capsys, monkeypatch):
    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("simlib.export.files._write", refuse)
    out = tmp_path / "out"
    assert main(["export", "plan", "--format", "svg", "--indicators", "st_transfer_share",
                 "--draws", "20", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"--out {out}: [Errno 13] Permission denied") and "Traceback" not in err


def test_handout_levers_and_no_handout(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", "plan", "--format", "html", "--draws", "50", "--out", str(out),
                 "--handout-levers", "demand_led_share,comms_spend"]) == 0
    html = (out / "plan.report.vi.html").read_text(encoding="utf-8")
    assert "Đề tài phục vụ doanh nghiệp (% đề tài; kịch bản: 70)" in html and 'id="handout"' in html
    assert main(["export", "plan", "--format", "html", "--draws", "50", "--out", str(out),
                 "--no-handout"]) == 0
    assert 'id="handout"' not in (out / "plan.report.vi.html").read_text(encoding="utf-8")
