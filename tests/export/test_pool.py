"""Charts drawn by worker processes: same bytes as in-process, in order, clear errors."""

from __future__ import annotations

import altair as alt
import pytest

from simlib.export import FONT_DIR, FORMATS, indicator_figure, render_many, static
from simlib.export.pool import ENV, MIN_CHARTS, RenderPool, WorkerError, workers_for
from simlib.i18n import D3_LOCALES

from .conftest import DATE, png_size, svg_texts


@pytest.fixture(scope="module")
def charts(results, baseline) -> list[alt.TopLevelMixin]:
    return [indicator_figure(results[:1], i, "vi", baseline=baseline, date=DATE).chart
            for i in ("st_transfer_share", "digital_teams", "people_assisted")]


def drawn(charts, monkeypatch, workers: int, formats=FORMATS) -> list[dict[str, bytes]]:
    monkeypatch.setenv(ENV, str(workers))
    static._CACHE.clear()
    return list(render_many(charts, formats, lang="vi"))


def test_workers_draw_the_same_files_in_order(charts, monkeypatch):
    here, there = drawn(charts, monkeypatch, 0), drawn(charts, monkeypatch, 2)
    assert [d["svg"] for d in there] == [d["svg"] for d in here]
    assert [png_size(d["png"]) for d in there] == [png_size(d["png"]) for d in here]
    assert all(d["pdf"].startswith(b"%PDF-") for d in there)
    titles = [svg_texts(d["svg"]) for d in there]
    assert "Tỷ lệ kết quả nghiên cứu được chuyển giao (cả kỳ)" in titles[0]
    assert not any("Tỷ lệ kết quả nghiên cứu được chuyển giao (cả kỳ)" in t for t in titles[1:])


def test_only_the_asked_formats_come_back(charts, monkeypatch):
    assert [set(d) for d in drawn(charts, monkeypatch, 2, ("pdf",))] == [{"pdf"}] * len(charts)


POINT = {"mark": "point", "data": {"values": [{"x": 1}]},
         "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def job(spec: dict, formats: tuple[str, ...] = ("svg",)) -> tuple:
    return (spec, None, formats, D3_LOCALES["vi"], 1, static.VL_VERSION, str(FONT_DIR))


def test_a_worker_starts_when_python_leaves_its_folder_off_the_path(monkeypatch):
    """With PYTHONSAFEPATH the script's folder is not on sys.path: the worker needs nothing from it."""
    monkeypatch.setenv("PYTHONSAFEPATH", "1")
    with RenderPool(1) as pool:
        drawn = pool.submit(job(POINT, ("png",))).result(timeout=120)
    assert drawn["png"].startswith(b"\x89PNG")


def test_a_bad_spec_is_reported_and_the_worker_goes_on():
    with RenderPool(1) as pool:
        bad = pool.submit(job({"mark": "no-such-mark"}))
        good = pool.submit(job(POINT))
        with pytest.raises(ValueError, match="Vega-Lite to SVG conversion failed"):
            bad.result(timeout=120)
        assert good.result(timeout=120)["svg"].startswith(b"<svg")


class NotImportableInTheWorker:
    """A worker does not import simlib, so it cannot unpickle this: it stops with a traceback."""


def test_a_worker_that_stops_fails_every_job_left_with_its_reason():
    with RenderPool(1) as pool:
        first = pool.submit(job({"mark": NotImportableInTheWorker()}))
        second = pool.submit(job({"mark": "point"}))
        for future in (first, second):
            with pytest.raises(WorkerError, match=r"exit code 1\).*ModuleNotFoundError"):
                future.result(timeout=120)


@pytest.mark.parametrize(("env", "charts", "cpus", "expected"), [
    ("", MIN_CHARTS, 2, 2), ("", MIN_CHARTS - 1, 2, 0), ("", 100, 1, 0), ("", 100, 32, 8),
    ("3", 100, 1, 3), ("3", 2, 8, 2), ("0", 100, 8, 0)])
def test_how_many_workers(monkeypatch, env, charts, cpus, expected):
    monkeypatch.setenv(ENV, env)
    monkeypatch.setattr("simlib.export.pool.cpus", lambda: cpus)
    assert workers_for(charts) == expected


def test_a_bad_worker_count_says_what_is_expected(monkeypatch):
    monkeypatch.setenv(ENV, "two")
    with pytest.raises(ValueError, match=f"{ENV}='two': expected a whole number"):
        workers_for(10)


def test_closing_cancels_the_jobs_not_started():
    pool = RenderPool(1)
    futures = [pool.submit(job(POINT)) for _ in range(20)]
    futures[0].result(timeout=120)
    pool.close()
    assert futures[-1].cancelled()
    assert all(f.done() for f in futures)


def test_charts_already_drawn_start_no_workers(charts, monkeypatch):
    drawn(charts, monkeypatch, 2, ("svg",))  # fills the SVG cache
    monkeypatch.setattr("simlib.export.static.RenderPool", None)  # starting one would fail
    again = list(render_many(charts, ("svg",), lang="vi"))
    assert len(again) == len(charts) and all(d["svg"].startswith(b"<svg") for d in again)
