"""Calibration recovers parameters from data the model generated, and refuses what data can't show."""

import numpy as np
import pandas as pd
import pytest

import simlib
from simlib.analysis import calibrate
from simlib.analysis.calibration import observed_table

from .toy import toy_scenario

TRUTH = {"sme_trial_p": 0.11, "sme_conversion": 0.27, "team_setup_cost": 32.0}
INDICATORS = ("sme_platform_trial_share", "sme_digital_platform_share", "digital_teams")


def synthetic(scenario, truth, noise=0.0, seed=0):
    res = simlib.simulate(scenario.with_assumptions(**truth), 1, 0, noise=False)
    rng = np.random.default_rng(seed)
    rows = []
    for ind in INDICATORS:
        for year in (2025, 2026, 2027):
            v = res.value(ind, year)[0]
            rows.append({"indicator": ind, "year": year, "value": v * (1 + noise * rng.standard_normal()),
                         "sd": max(noise, 0.01) * v})
    return pd.DataFrame(rows)


def test_recovers_parameters_from_model_generated_data(plan_scenario):
    cal = calibrate(plan_scenario, list(TRUTH), synthetic(plan_scenario, TRUTH))
    est = cal.estimates()
    for p, v in TRUTH.items():
        assert est[p] == pytest.approx(v, rel=1e-3)
    assert cal.residuals.residual.abs().max() < 1e-3 * cal.residuals.observed.abs().max()


def test_noisy_data_recover_within_the_reported_uncertainty(plan_scenario):
    cal = calibrate(plan_scenario, list(TRUTH), synthetic(plan_scenario, TRUTH, noise=0.01, seed=4))
    got = cal.parameters.set_index("parameter")
    for p, v in TRUTH.items():
        assert abs(got.estimate[p] - v) < 3 * got.std_error[p]
    assert cal.dof == 9 - 3
    assert cal.correlation.shape == (3, 3)


def test_refuses_a_parameter_the_data_do_not_depend_on(plan_scenario):
    cal = calibrate(plan_scenario, [*TRUTH, "ecommerce_growth"], synthetic(plan_scenario, TRUTH))
    row = cal.parameters.set_index("parameter").loc["ecommerce_growth"]
    assert not row.identified and np.isnan(row.estimate)
    assert "do not depend" in row.note
    assert "ecommerce_growth" not in cal.scenario(plan_scenario, "fitted").assumptions
    assert cal.estimates()["sme_trial_p"] == pytest.approx(TRUTH["sme_trial_p"], rel=1e-3)


def test_refuses_parameters_that_only_appear_together():
    sc = toy_scenario()
    truth = {"rate_a": 2.5, "rate_b": 1.5}
    res = simlib.simulate(sc.with_assumptions(**truth), 1, 0, noise=False)
    obs = pd.DataFrame({"indicator": "product", "year": [2026, 2028, 2030],
                        "value": [res.value("product", y)[0] for y in (2026, 2028, 2030)], "sd": 0.1})
    cal = calibrate(sc, ["rate_a", "rate_b"], obs)
    notes = cal.parameters.set_index("parameter").note
    assert not cal.parameters.identified.any()
    assert "confounded with rate_b" in notes["rate_a"]


def test_shipped_observations_are_fitted_from_hindcasts(plan_scenario):
    """Each series runs from its first observation; that one is the starting point, the later
    ones are fitted (before hindcasts, every shipped observation was excluded)."""
    cal = calibrate(plan_scenario, ["team_setup_cost", "results_at_reference_budget"])
    fitted = set(zip(cal.residuals.indicator, cal.residuals.start_year, cal.residuals.year, strict=True))
    assert fitted == {("digital_teams", 2023, 2024), ("st_results_completed", 2019, 2022)}
    assert cal.excluded.reason.str.startswith("the starting point of the run").all()
    assert len(cal.excluded) + len(cal.residuals) == len(observed_table(plan_scenario.plan))
    got = cal.parameters.set_index("parameter")
    # 2 results in 2022 against 4/yr at the prior: the fit goes to the low end of the prior, and says so
    assert got.identified["results_at_reference_budget"]
    assert got.estimate["results_at_reference_budget"] == pytest.approx(2.0, abs=0.01)
    assert "edge of its prior" in got.note["results_at_reference_budget"]
    # 566 ± 10 % teams narrows the set-up cost no more than its prior range
    assert not got.identified["team_setup_cost"] and "prior range" in got.note["team_setup_cost"]
    carried = cal.starts[cal.starts.carried]
    assert ("people_assisted", 2023, 2024) in set(zip(carried.indicator, carried.start_year,
                                                     carried.from_year, strict=True))
    assert "runs start at 2019, 2023" in cal.message


def test_one_observation_identifies_one_team_parameter_not_two(plan_scenario):
    teams = pd.DataFrame({"indicator": "digital_teams", "year": [2023, 2024], "value": [540, 566],
                          "sd": 5.0})  # a count of teams: a few teams either way
    one = calibrate(plan_scenario, ["team_setup_cost"], teams)
    assert one.estimates()["team_setup_cost"] == pytest.approx(26.2, abs=0.1)
    assert one.residuals.fitted[0] == pytest.approx(566, abs=0.01)
    two = calibrate(plan_scenario, ["team_lapse_rate", "team_setup_cost"], teams)
    notes = two.parameters.set_index("parameter").note
    assert two.parameters.identified.sum() == 1
    assert "1 observation(s) cannot identify 2 parameters" in notes["team_lapse_rate"]
    assert notes["team_setup_cost"] == "given team_lapse_rate at the prior"


def test_a_common_start_year_carries_start_values_and_never_fits_them_again(plan_scenario):
    cal = calibrate(plan_scenario, ["team_setup_cost"], start_year=2019)
    reasons = dict(zip(zip(cal.excluded.indicator, cal.excluded.year, strict=True), cal.excluded.reason,
                       strict=True))
    assert reasons[("digital_teams", 2023)] == "carried to 2019 as the start value of its run"
    assert reasons[("st_results_completed", 2019)] == "the starting point of the run from 2019"
    assert (cal.residuals.start_year == 2019).all() and len(cal.residuals) == 6
    with pytest.raises(ValueError, match="must be 1990–2024"):
        calibrate(plan_scenario, ["team_setup_cost"], start_year=2025)


def test_calibrated_scenario_file_round_trips(plan_scenario, tmp_path):
    cal = calibrate(plan_scenario, list(TRUTH), synthetic(plan_scenario, TRUTH, noise=0.01))
    path = cal.save_scenario(plan_scenario, tmp_path / "calibrated.yaml")
    back = simlib.load_scenario(path)
    for p, v in cal.estimates().items():
        assert back.effective_assumptions()[p].central == pytest.approx(v)
    with pytest.raises(FileExistsError):
        cal.save_scenario(plan_scenario, path)
    with_sd = cal.scenario(plan_scenario, "calibrated-sd", uncertainty=True)
    assert with_sd.effective_assumptions()["sme_trial_p"].dist.type == "normal"
