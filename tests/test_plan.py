"""The Kon Tum plan as data: both blocks, targets with their sentences, sources everywhere."""

from __future__ import annotations

import pytest

import simlib
from simlib.errors import SimlibValidationError
from simlib.schema import parse_plan
from simlib.yaml_io import parse_yaml, read_yaml


def test_plan_declares_both_blocks_and_at_least_12_targeted_indicators(plan):
    targeted = [i for i in plan.indicators.values() if i.targets]
    assert len(targeted) >= 12
    assert {i.block for i in targeted} == {"st_market", "digital"}


def test_headline_targets_come_from_the_seed(plan):
    transfer = plan.indicators["st_transfer_share"].targets
    assert [(t.year, t.value, t.compare) for t in transfer] == [(2025, 60, ">="), (2030, 70, ">")]
    invest = plan.indicators["enterprise_tech_investment_share"].targets
    assert [(t.year, t.value, t.compare) for t in invest] == [(2025, 10, "about"),
                                                              (2030, 15, "about")]
    assert "60%" in transfer[0].sentence and "trên 70%" in transfer[1].sentence


def test_every_target_names_its_plan_and_sentence(plan):
    for ind, tg in plan.targets():
        assert tg.plan in plan.plans, ind.id
        assert len(tg.sentence) > 20, ind.id
    national = {ind.id for ind, tg in plan.targets() if plan.is_national(tg)}
    assert "de_share_grdp" in national and "st_transfer_share" not in national


def test_labels_in_both_languages_and_sources_everywhere(plan):
    for ind in plan.indicators.values():
        assert ind.label["vi"] and ind.label["en"] and ind.unit["vi"] and ind.unit["en"]
        for obs in ind.observed:
            assert obs.source and obs.confidence
    for item in (*plan.levers.values(), *plan.assumptions.values()):
        assert item.label["vi"] and item.label["en"]
        assert item.source, item.id
        unsourced = "assumption" in item.source.lower() or "placeholder" in item.source.lower()
        if unsourced:
            assert item.assumption, f"{item.id} cites no source but is not flagged as an assumption"


def test_observed_history_from_baseline_csv(plan):
    teams = {o.year: o.value for o in plan.indicators["digital_teams"].observed}
    assert teams == {2023: 540, 2024: 566}
    sme = {o.year: o.value for o in plan.indicators["sme_digital_platform_share"].observed}
    assert sme == {2023: 19}


def test_assumption_centrals_and_distributions_lie_in_their_ranges(plan):
    for a in plan.assumptions.values():
        lo, hi = a.range
        assert lo <= a.central <= hi, a.id
        s_lo, s_hi = a.dist.support()
        assert lo <= s_lo and s_hi <= hi, a.id


def test_second_region_plan_uses_the_same_format():
    qn = simlib.load_plan("quangngai_2030_illustrative")
    assert qn.id != simlib.load_plan().id
    assert "illustrative" in qn.title["en"].lower()
    sc = simlib.Scenario(name="baseline", plan=qn)
    res = simlib.simulate(sc, draws=200, seed=3)
    assert set(res.indicators) == set(qn.indicators)
    assert len(res.attainment())


def test_plan_problems_name_file_line_and_field(tmp_path):
    data, lines = read_yaml(simlib.schema.plan_path())
    data["indicators"][0]["kind"] = "stok"
    data["levers"][0]["default"] = 1e9
    bad = tmp_path / "bad.yaml"
    import yaml
    bad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    data, lines = parse_yaml(bad.read_bytes(), str(bad))
    with pytest.raises(SimlibValidationError) as err:
        parse_plan(data, lines, str(bad))
    text = str(err.value)
    assert "indicators.0.kind" in text and "did you mean 'stock'" in text
    assert "levers.0.default" in text and "allowed range 0–100" in text
    assert all(p.line for p in err.value.problems)


def test_model_components_must_use_declared_ids(tmp_path, plan):
    from dataclasses import replace

    from simlib.model import check_model
    broken = replace(plan, assumptions={k: v for k, v in plan.assumptions.items() if k != "villages"})
    with pytest.raises(SimlibValidationError, match="assumption 'villages'"):
        check_model(broken)


def test_plans_have_short_names_for_chart_footers(plan):
    assert plan.plan_name("plan_3549", "vi", short=True) == "KH 3549/KH-UBND (2022)"
    assert plan.plan_name("plan_3549", "en") == (
        "Plan 3549/KH-UBND (21/10/2022) on the digital economy and society")
    for key in plan.plans:  # every short name is shorter than the full one, in both languages
        assert all(len(plan.plan_name(key, lang, short=True)) < len(plan.plan_name(key, lang))
                   for lang in ("vi", "en"))


def test_a_short_plan_name_must_be_text(tmp_path):
    data, _ = read_yaml(simlib.schema.plan_path())
    data["plans"]["plan_3549"]["short"] = 3549
    data["plans"]["d411"]["shrt"] = "QĐ 411"
    with pytest.raises(SimlibValidationError) as err:
        parse_plan(data, {}, "bad.yaml")
    text = str(err.value)
    assert "plans.plan_3549.short" in text and "expected text" in text
    assert "plans.d411" in text and "did you mean 'short'" in text
