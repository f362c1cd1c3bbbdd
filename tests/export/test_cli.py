"""``simlib export``: exit 2 with a clear message on unknown names; files named by scenario,
indicator and language."""

from __future__ import annotations

import pytest

from simlib.cli import main


@pytest.mark.parametrize(("argv", "message"), [
    (["nosuch"], "SCENARIO: unknown scenario 'nosuch' (allowed: accelerated, baseline"),
    (["plan", "--format", "png,gif"], "--format: unknown format 'gif' (allowed: png, svg, pdf, html)"),
    (["plan", "--indicators", "st_transfer_shar"],
     "--indicators: unknown indicator 'st_transfer_shar'; did you mean 'st_transfer_share'?"),
    (["plan", "--theme", "dark"], "--theme: unknown theme 'dark' (allowed: presentation, print)"),
])
def test_unknown_names_exit_2(argv, message, tmp_path, capsys):
    assert main(["export", *argv, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_unknown_language_exits_2_with_usage(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "plan", "--lang", "fr"])
    assert exc.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


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

