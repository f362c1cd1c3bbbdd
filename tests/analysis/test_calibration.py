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


def test_plan_observations_before_the_base_year_are_excluded_not_fitted(plan_scenario):
    cal = calibrate(plan_scenario, ["sme_trial_p", "team_setup_cost"])
    assert (cal.excluded.year < plan_scenario.plan.base_year).all()
    assert len(cal.excluded) + len(cal.residuals) == len(observed_table(plan_scenario.plan))
    assert not cal.parameters.identified.any()
    assert "identified from" in cal.message


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
