"""Result: attainment with the right comparisons, quantiles, tidy frames, differences."""

from __future__ import annotations

import numpy as np
import pytest

import simlib
from simlib.result import Difference, quantiles, status
from simlib.schema import Target


@pytest.fixture(scope="module")
def res():
    return simlib.simulate(simlib.load_scenario("plan"), draws=2000, seed=1)


def test_attainment_has_one_row_per_target(res, plan):
    att = res.attainment()
    assert len(att) == len(plan.targets())
    for col in ["indicator", "year", "target", "p_met", "median", "p05", "p95", "unit", "status",
                "plan", "national", "sentence", "observed"]:
        assert col in att.columns
    assert att.p_met.between(0, 1).all()
    assert (att.p05 <= att["median"]).all() and (att["median"] <= att.p95).all()


def test_p_met_is_the_share_of_draws_meeting_the_target(res):
    row = res.attainment().query("indicator == 'st_transfer_share' and year == 2030").iloc[0]
    v = res.value("st_transfer_share", 2030)
    assert row.p_met == pytest.approx(np.mean(v > 70))
    row = res.attainment().query("indicator == 'enterprise_tech_investment_share' and year == 2025")
    v = res.value("enterprise_tech_investment_share", 2025)
    assert row.iloc[0].p_met == pytest.approx(np.mean(v >= 9))  # "about 10" with 10 % tolerance


@pytest.mark.parametrize("compare,values,expected", [
    (">=", [59.9, 60, 60.1], [False, True, True]),
    (">", [70, 70.00000001, 71], [False, False, True]),
    ("about", [8.9, 9.0, 12], [False, True, True]),
    ("<=", [5, 5.1], [True, False]),
])
def test_target_comparisons(compare, values, expected):
    tg = Target(year=2030, value=60 if compare == ">=" else 70 if compare == ">" else
                10 if compare == "about" else 5, compare=compare, source="x", sentence="s")
    assert list(tg.met(np.array(values), 0.1)) == expected


def test_status_thresholds():
    assert [status(p) for p in (0.95, 0.8, 0.5, 0.2, 0.05)] == ["met", "met", "at_risk", "at_risk",
                                                                 "missed"]


def test_observed_target_year_decides_status(plan):
    from dataclasses import replace

    from simlib.schema import Observation
    ind = plan.indicators["digital_team_village_coverage"]
    seen = replace(ind, observed=(*ind.observed, Observation(2025, 100.0, "test", "high")))
    plan2 = replace(plan, indicators={**plan.indicators, ind.id: seen})
    sc = replace(simlib.load_scenario("baseline"), plan=plan2)
    row = simlib.simulate(sc, draws=200).attainment().query(
        "indicator == 'digital_team_village_coverage' and year == 2025").iloc[0]
    assert row.observed == 100 and row.observed_met and row.status == "met" and row.p_met < 0.2


def test_quantiles_match_numpy():
    data = np.random.default_rng(0).normal(size=(7, 5, 1001))
    assert np.allclose(quantiles(data, (0.05, 0.5, 0.95)),
                       np.quantile(data, (0.05, 0.5, 0.95), axis=-1))


def test_tidy_frames(res):
    long = res.to_frame()
    assert set(long.columns) == {"scenario", "indicator", "year", "stat", "value"}
    assert len(long) == len(res.indicators) * len(res.years) * 4
    row = long.query("indicator == 'digital_teams' and year == 2030 and stat == 'median'")
    assert row.value.iloc[0] == pytest.approx(np.median(res.value("digital_teams", 2030)))
    small = simlib.simulate(simlib.load_scenario("plan"), draws=3, seed=1)
    draws = small.to_frame(draws=True)
    assert len(draws) == 3 * len(small.years) * len(small.indicators)
    pick = draws.query("indicator == 'digital_teams' and year == 2027 and draw == 2").value.iloc[0]
    assert pick == small.data[list(small.years).index(2027), small.indicators.index("digital_teams"), 2]


def test_diff_uses_common_random_numbers(res):
    base = simlib.simulate(simlib.load_scenario("baseline"), draws=2000, seed=1)
    d = res.diff(base)
    assert isinstance(d, Difference)
    assert np.allclose(d.data, res.data - base.data)
    assert np.all(d.series("digital_teams")[:, -1] >= 0)
    assert np.allclose(res.diff(res).data, 0)
    with pytest.raises(ValueError, match="same plan, draws and seed"):
        res.diff(simlib.simulate(simlib.load_scenario("baseline"), draws=10, seed=1))


@pytest.fixture(scope="module")
def base():
    return simlib.simulate(simlib.load_scenario("baseline"), draws=2000, seed=1)


def test_filter_keeps_the_same_draws_and_judges_the_targets_that_remain(res):
    inds, years = ["st_transfer_share", "digital_team_village_coverage"], [2030, 2025]
    f = res.filter(indicators=inds, years=years)
    yi = [list(res.years).index(y) for y in sorted(years)]  # years stay in order
    ii = [res.indicators.index(i) for i in inds]  # indicators in the order asked
    assert np.array_equal(f.data, res.data[yi][:, ii])
    assert f.indicators == tuple(inds) and list(f.years) == sorted(years) and f.draws == res.draws
    full = {(r["indicator"], r["year"]): r for r in res.target_rows()}
    rows = f.target_rows()
    expected = [k for k in full if k[0] in inds and k[1] in years]
    assert sorted((r["indicator"], r["year"]) for r in rows) == sorted(expected) and rows
    for r in rows:
        v = res.value(r["indicator"], r["year"])
        assert r["median"] == pytest.approx(np.median(v))
        assert r["p_met"] == full[(r["indicator"], r["year"])]["p_met"]
    one = res.filter("digital_team_village_coverage")  # one name, every year
    assert one.indicators == ("digital_team_village_coverage",) and np.array_equal(
        one.series("digital_team_village_coverage"), res.series("digital_team_village_coverage"))
    assert {r["indicator"] for r in one.target_rows()} == {"digital_team_village_coverage"}
    with pytest.raises(KeyError, match="no indicator nonsense"):
        res.filter(indicators=["nonsense"])
    with pytest.raises(KeyError, match="no year 1990"):
        res.filter(years=[1990])
    with pytest.raises(KeyError, match="no indicator 'st_transfer_share'"):
        one.value("st_transfer_share", 2030)


def test_filtered_results_draw_their_charts(res):
    f = res.filter(indicators=["st_transfer_share"], years=range(2024, 2031))
    assert f.plot.trajectory("st_transfer_share").to_dict()["layer"]
    spec = f.plot.attainment(2030, "en").to_dict()
    rows = spec["datasets"][spec["data"]["name"]] if "datasets" in spec else spec["data"]["values"]
    assert {r["label"] for r in rows} == {res.plan.indicators["st_transfer_share"].label["en"]}
    with pytest.raises(ValueError, match="no target in 2025"):
        res.filter(years=[2030]).plot.attainment(2025)


def test_quantiles_is_a_tidy_table_of_numpy_quantiles(res):
    q = res.quantiles([0.1, 0.9])
    assert list(q.columns) == ["scenario", "indicator", "year", "quantile", "value"]
    assert len(q) == 2 * len(res.years) * len(res.indicators)
    for qq in (0.1, 0.9):
        got = q.query("indicator == 'digital_teams' and year == 2028 and quantile == @qq").value
        assert got.item() == pytest.approx(np.quantile(res.value("digital_teams", 2028), qq))
    sub = res.filter(indicators=["st_transfer_share"], years=[2030]).quantiles([0.5])
    assert sub.value.item() == pytest.approx(np.median(res.value("st_transfer_share", 2030)))
    with pytest.raises(ValueError, match="within 0–1"):
        res.quantiles([5])


def test_difference_offers_paired_statistics_and_no_probability_of_meeting_targets(res, base):
    d = res.diff(base)
    paired = res.value("digital_teams", 2028) - base.value("digital_teams", 2028)
    row = d.summary().query("indicator == 'digital_teams' and year == 2028").iloc[0]
    assert row["median"] == pytest.approx(np.median(paired))
    assert row["p05"] == pytest.approx(np.quantile(paired, 0.05))
    assert row["p95"] == pytest.approx(np.quantile(paired, 0.95))
    assert row["p_positive"] == pytest.approx(np.mean(paired > 0))
    assert d.median().loc["digital_teams", 2028] == pytest.approx(np.median(paired))
    assert d.p_positive().loc["digital_teams", 2028] == pytest.approx(np.mean(paired > 0))
    q = d.quantiles([0.25]).query("indicator == 'digital_teams' and year == 2028")
    assert q.value.item() == pytest.approx(np.quantile(paired, 0.25))
    assert not hasattr(d, "target_rows") and not hasattr(d, "attainment") and not hasattr(d, "p_met")
    assert repr(d) == f"<Difference 'plan − baseline': 2,000 paired draws, {res.years[0]}–2030, " \
        f"{len(res.indicators)} indicators>"
    small = d.filter(indicators=["digital_teams"], years=[2030])
    assert small.data.shape == (1, 1, 2000) and small.result.indicators == ("digital_teams",)
    spec = d.plot("digital_teams", "en").to_dict()
    assert spec["title"]["text"] == res.plan.indicators["digital_teams"].label["en"]
    assert spec["title"]["subtitle"].startswith("As planned − Baseline")


def test_one_array_values_and_a_language_in_target_rows_are_deprecated(res):
    with pytest.warns(DeprecationWarning, match="Result.data"):
        v = res.values
    assert np.array_equal(v, np.moveaxis(res.data, -1, 0))
    assert "label" not in res.target_rows()[0]
    with pytest.warns(DeprecationWarning, match="target_rows"):
        rows = res.target_rows("vi")
    ind = res.plan.indicators[rows[0]["indicator"]]
    assert rows[0]["label"] == ind.label["vi"] and rows[0]["unit"] == ind.unit["vi"]
