"""The Kon Tum plan as data: both blocks, targets with their sentences, sources everywhere."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import simlib
from simlib.errors import SimlibValidationError
from simlib.schema import parse_declarations, parse_plan
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
        assert tg.source in plan.sources, ind.id
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
            assert item.unsourced, f"{item.id} cites no source but is not flagged as an assumption"


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
    assert plan.source_name("plan_3549", "vi", short=True) == "KH 3549/KH-UBND (2022)"
    assert plan.source_name("plan_3549", "en") == (
        "Plan 3549/KH-UBND (21/10/2022) on the digital economy and society")
    for key in plan.sources:  # every short name is shorter than the full one, in both languages
        assert all(len(plan.source_name(key, lang, short=True)) < len(plan.source_name(key, lang))
                   for lang in ("vi", "en"))


def test_a_short_source_name_must_be_text(tmp_path):
    data, _ = read_yaml(simlib.schema.plan_path())
    data["sources"]["plan_3549"]["short"] = 3549
    data["sources"]["d411"]["shrt"] = "QĐ 411"
    with pytest.raises(SimlibValidationError) as err:
        parse_plan(data, {}, "bad.yaml")
    text = str(err.value)
    assert "sources.plan_3549.short" in text and "expected text" in text
    assert "sources.d411" in text and "did you mean 'short'" in text


OLD_PLAN = Path(__file__).parent / "data" / "kontum_3549_schema1.yaml"  # the shipped plan at schema 1


def test_a_schema_1_plan_file_loads_as_the_same_plan_with_a_notice():
    old = simlib.load_plan(OLD_PLAN, observations=False)
    new = simlib.load_plan(observations=False)
    assert replace(old, path="") == replace(new, path="")  # notices do not compare
    (notice,) = old.notices
    assert (notice.file, notice.field, notice.line) == (str(OLD_PLAN), "schema_version", 4)
    assert "plan schema 1, read as 2" in notice.message and new.notices == ()
    assert old.levers["st_budget"].role == "funding" and old.sources["d411"].scope == "national"


def test_problems_in_a_schema_1_file_name_its_lines():
    data, lines = read_yaml(OLD_PLAN)
    data["plans"]["d411"]["scope"] = "nation"
    data["indicators"][0]["targets"][0]["plan"] = "st_markt"
    with pytest.raises(SimlibValidationError) as err:
        parse_plan(data, lines, str(OLD_PLAN))
    problems = {p.field: p for p in err.value.problems}
    assert "did you mean 'national'" in problems["sources.d411.scope"].message
    assert "did you mean 'st_market'" in problems["indicators.0.targets.0.source"].message
    assert problems["sources.d411.scope"].line == lines[("plans", "d411", "scope")]
    assert problems["indicators.0.targets.0.source"].line == lines[("indicators", 0, "targets", 0, "plan")]


def test_old_attribute_names_still_read_with_a_deprecation_warning(plan):
    tg = plan.indicators["st_transfer_share"].targets[0]
    a = plan.assumptions["villages"]
    with pytest.warns(DeprecationWarning, match="Target.source"):
        assert tg.plan == tg.source == "st_market"
    with pytest.warns(DeprecationWarning, match="unsourced"):
        assert a.assumption == a.unsourced
    with pytest.warns(DeprecationWarning, match="Plan.sources"):
        assert plan.plans["d411"]["scope"] == "national"
    with pytest.warns(DeprecationWarning, match="source_name"):
        assert plan.plan_name("d411", "en") == plan.source_name("d411", "en")


def test_enum_like_fields_accept_only_their_declared_values(tmp_path):
    data, _ = read_yaml(simlib.schema.plan_path())
    data["levers"][0]["role"] = "budget"
    data["levers"][1]["interpolation"] = "spline"
    data["indicators"][0]["observed"] = [{"year": 2020, "value": 1, "source": "x", "confidence": "so-so"}]
    with pytest.raises(SimlibValidationError) as err:
        parse_plan(data, {}, "bad.yaml")
    text = str(err.value)
    assert "levers.0.role: unknown value 'budget' (allowed: funding)" in text
    assert "levers.1.interpolation: unknown value 'spline'; did you mean 'linear'?" in text
    assert "indicators.0.observed.0.confidence: unknown value 'so-so'" in text


def test_a_duplicate_id_in_one_list_is_a_problem():
    data, _ = read_yaml(simlib.schema.plan_path())
    data["levers"].append(data["levers"][0])
    with pytest.raises(SimlibValidationError, match="'st_budget' is declared more than once"):
        parse_plan(data, {}, "bad.yaml")


def test_extension_declarations_with_schema_1_keys_still_load(plan):
    decl = """
indicators:
  - {id: extra, block: digital, label: x, description: x, unit: x, kind: stock, bounds: [0, 1],
     targets: [{year: 2030, value: 1, compare: ">=", plan: d411, sentence: s}]}
assumptions:
  - {id: extra_rate, label: r, unit: r, central: 0.5, dist: {type: fixed}, range: [0, 1],
     source: assumption, assumption: true}
"""
    indicators, _, assumptions = parse_declarations(*parse_yaml(decl, "ext.py"), "ext.py", plan)
    assert indicators[0].targets[0].source == "d411" and assumptions[0].unsourced


@pytest.mark.parametrize("version", [0, 3])
def test_a_plan_schema_version_this_simlib_cannot_read_says_so(version):
    data, lines = read_yaml(simlib.schema.plan_path())
    data["schema_version"] = version
    data["levers"][0]["default"] = "twenty"  # not reported: the version decides what fields mean
    with pytest.raises(SimlibValidationError) as err:
        parse_plan(data, lines, "p.yaml")
    (problem,) = err.value.problems
    assert (problem.field, problem.line) == ("schema_version", 4)
    assert f"plan schema_version {version} is not supported" in problem.message
