"""The offline chart bundle is made once and then read from the cache (simlib.dashboard.offline_chart)."""

from __future__ import annotations

import altair as alt
import pytest

from simlib.dashboard import offline_chart


@pytest.fixture
def fake_altair(monkeypatch, tmp_path):
    """JupyterChart online, the cache in tmp_path, and Altair's bundling replaced by a counter."""
    calls = []

    def enable_offline(cls, offline=True):
        calls.append(offline)
        cls._esm, cls._is_offline = "/* bundle ü */", True

    monkeypatch.setattr(alt.JupyterChart, "_esm", "online", raising=False)
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False, raising=False)
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", classmethod(enable_offline))
    monkeypatch.setenv(offline_chart.CACHE_ENV, str(tmp_path / "cache"))
    return calls


def test_first_kernel_bundles_and_writes_the_cache(fake_altair):
    offline_chart.enable_offline()
    assert fake_altair == [True]
    assert alt.JupyterChart._is_offline
    assert offline_chart.bundle_path().read_text(encoding="utf-8") == "/* bundle ü */"


def test_next_kernel_reads_the_cache_without_bundling(fake_altair):
    offline_chart.bundle_path().parent.mkdir(parents=True)
    offline_chart.bundle_path().write_text("/* cached */", encoding="utf-8")
    offline_chart.enable_offline()
    assert fake_altair == []
    assert alt.JupyterChart._esm == "/* cached */" and alt.JupyterChart._is_offline


def test_an_empty_cache_file_is_made_again(fake_altair):
    offline_chart.bundle_path().parent.mkdir(parents=True)
    offline_chart.bundle_path().write_text("", encoding="utf-8")
    offline_chart.enable_offline()
    assert fake_altair == [True]
    assert offline_chart.bundle_path().read_text(encoding="utf-8") == "/* bundle ü */"


def test_an_unwritable_cache_only_costs_the_bundling(fake_altair, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv(offline_chart.CACHE_ENV, str(blocker / "cache"))
    offline_chart.enable_offline()
    offline_chart.enable_offline()  # already offline: nothing to do
    assert fake_altair == [True] and alt.JupyterChart._is_offline


def test_the_cache_key_names_the_versions(monkeypatch, tmp_path):
    monkeypatch.setenv(offline_chart.CACHE_ENV, str(tmp_path))
    before = offline_chart.bundle_path()
    monkeypatch.setattr(alt, "__version__", alt.__version__ + ".post9")
    assert offline_chart.bundle_path() != before
    assert before.parent == tmp_path and before.suffix == ".js"
