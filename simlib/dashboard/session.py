"""What the planner's page holds, without widgets: scenario, edits, language, selection, runs.

Everything here is plain Python so it is unit-tested without a browser; the widgets in
:mod:`simlib.dashboard.app` only read and write a :class:`Session`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from ..engine import simulate
from ..errors import Problem, SimlibValidationError
from ..fields import is_number, short
from ..formatting import fmt_date, fmt_number
from ..i18n import LANGS, Msg, t, text
from ..observations import (
    MAX_SOURCE,
    InvalidObservation,
    ObservationExists,
    UserObservation,
    observations_path,
    read_observations,
    save_observation,
)
from ..result import Result
from ..scenario import LeverValue, Scenario, available_scenarios, load_scenario
from ..schema import Plan
from ..storage import save_scenario, scenario_name_problem, shipped_scenarios

DRAWS = 1000
SEED = 1
MAX_COMPARE = 3
MAX_QUERY = 4000
MAX_FIELDS = 200
DEFAULT_SCENARIO = "plan"
ASSUMPTION_PREFIX = "a."  # address key of an assumption: ?a.adopt_p=0.02


def file_name_for(title: str) -> str:
    """The scenario file name derived from a title a planner typed: diacritics stripped, đ → d,
    lower case, anything else between words → '-', at most 64 characters ('' if nothing is
    left). "Kịch bản tăng ngân sách" → "kich-ban-tang-ngan-sach"."""
    plain = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode()).strip("-")
    return slug[:64].rstrip("-")


def _close(key: object, allowed: list[str]) -> str:
    match = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    return repr(match[0]) if match else ""


def slider_value(value: LeverValue) -> float:
    """The number a slider shows for a lever value: the scalar, or a path's final level."""
    return float(value[max(value)]) if isinstance(value, dict) else float(value)


def with_slider(value: LeverValue, new: float) -> LeverValue:
    """A lever value moved by its slider: a path keeps its shape, its final level changes."""
    return {**value, max(value): float(new)} if isinstance(value, dict) else float(new)


@dataclass
class Session:
    """One planner's page state. ``problems`` maps a control (lever id, 'scenario', …) to a
    message shown beside it."""

    base: Scenario
    lang: str = "vi"
    indicator: str = ""
    compare: tuple[str, ...] = ()
    levers: dict[str, LeverValue] = field(default_factory=dict)
    assumptions: dict[str, float] = field(default_factory=dict)
    draws: int = DRAWS
    seed: int = SEED
    problems: dict[str, Msg] = field(default_factory=dict)
    _runs: dict[tuple, Result] = field(default_factory=dict, repr=False)

    @property
    def plan(self) -> Plan:
        return self.base.plan

    def __post_init__(self) -> None:
        if not self.indicator:
            self.indicator = next(iter(i for i in self.plan.indicators.values() if i.targets)).id

    # --- edits ----------------------------------------------------------------------------
    def scenario(self) -> Scenario:
        """The base scenario with this page's lever and assumption edits."""
        return self.base.with_levers(**self.levers).with_assumptions(**self.assumptions)

    def lever_value(self, lever_id: str) -> LeverValue:
        return self.levers.get(lever_id, self.base.lever_value(lever_id))

    def edit(self, kind: str, item_id: str, value: float) -> bool:
        """The one way the page changes the edited scenario: ``kind`` is "lever" (``value`` is
        the slider's number) or "assumption". False, with a message in ``problems[item_id]``,
        when the value is not allowed (the scenario is unchanged then)."""
        return (self.set_lever if kind == "lever" else self.set_assumption)(item_id, value)

    def _range_problem(self, item_id: str, value: object) -> Msg | None:
        """A message if ``value`` is not a finite number within the item's declared range."""
        item = self.plan.levers.get(item_id) or self.plan.assumptions[item_id]
        if not is_number(value) or isinstance(value, bool) or not math.isfinite(float(value)):
            return Msg("msg_not_number", {"value": short(value)})
        low, high = item.range
        if not low <= float(value) <= high:
            year = getattr(item, "kind", "") == "year"
            num = (lambda x: str(int(x))) if year else float
            return Msg("msg_out_of_range", {"value": num(value), "low": num(low),
                                            "high": num(high),
                                            "unit": "" if year else text(item.unit, self.lang)})
        return None

    def set_lever(self, lever_id: str, slider: float) -> bool:
        """Move a lever's slider; False (and a message in ``problems``) if the value is invalid."""
        problem = self._range_problem(lever_id, slider)
        if problem:
            self.problems[lever_id] = problem
            return False
        value = with_slider(self.lever_value(lever_id), slider)
        try:
            self.base.with_levers(**{lever_id: value})
        except SimlibValidationError:
            self.problems[lever_id] = Msg("msg_invalid", {"value": short(slider)})
            return False
        self.problems.pop(lever_id, None)
        self.levers[lever_id] = value
        return True

    def set_assumption(self, assumption_id: str, value: float) -> bool:
        """Fix an assumption at ``value`` for every draw; False with a message if invalid."""
        problem = self._range_problem(assumption_id, value)
        if problem:
            self.problems[assumption_id] = problem
            return False
        try:
            self.base.with_assumptions(**{assumption_id: value})
        except SimlibValidationError:
            self.problems[assumption_id] = Msg("msg_invalid", {"value": short(value)})
            return False
        self.problems.pop(assumption_id, None)
        self.assumptions[assumption_id] = float(value)
        return True

    def reset(self) -> None:
        """Back to the base scenario as saved."""
        self.levers.clear()
        self.assumptions.clear()
        self.problems.clear()

    def choose_scenario(self, name: str, *, keep_edits: bool = False) -> bool:
        """Load scenario ``name`` as the base (again, e.g. after its plan changed: ``keep_edits``)."""
        try:
            self.base = load_scenario(name)
        except SimlibValidationError as exc:
            self.problems["scenario"] = Msg("msg_invalid", {"value": str(exc.problems[0])})
            return False
        self.problems.pop("scenario", None)
        self.compare = tuple(c for c in self.compare if c != name)
        if not keep_edits:
            self.reset()
        return True

    def set_compare(self, names: tuple[str, ...]) -> None:
        known = available_scenarios()
        self.compare = tuple(n for n in names if n in known and n != self.base.name)[:MAX_COMPARE - 1]

    # --- observed values ------------------------------------------------------------------
    def observation_indicators(self) -> list[tuple[str, str]]:
        """(label in the page's language, id) of the indicators that have targets."""
        return [(text(i.label, self.lang), i.id) for i in self.plan.indicators.values() if i.targets]

    def history_years(self) -> list[int]:
        """Years a planner enters observations for: the plan's history up to the first simulated
        year (the 2025 checkpoint)."""
        return list(range(self.plan.history_from, self.plan.base_year + 2))

    def save_observation(self, indicator: str, year: int, value: float, source: str, *,
                         replace: bool = False) -> Path | None:
        """Store an observed value (:func:`simlib.observations.save_observation`) and reload the
        scenario, edits kept, so its plan holds it; the file's path, or None with a message in
        the page's language in ``problems['observation']`` (nothing is written then)."""
        lang, file = self.lang, str(observations_path())
        try:
            path = save_observation(self.plan, indicator, year, value, source.strip(), replace=replace)
        except InvalidObservation as exc:
            message = "; ".join(dict.fromkeys(self._row_message(p, indicator) for p in exc.problems))
        except ObservationExists as exc:
            old = exc.existing
            message = t("obs_exists", lang).format(year=old.year, value=fmt_number(old.value, lang, 3),
                                                   source=old.source)
        except SimlibValidationError as exc:  # the file on disk is broken
            p = exc.problems[0]
            message = t("obs_bad_file", lang).format(file=p.file, line=p.line or "?", field=p.field or "–")
        except FileExistsError:  # another session's write got in the way
            message = t("obs_busy", lang)
        except OSError as exc:
            code = errno.errorcode.get(exc.errno, str(exc.errno)) if exc.errno else type(exc).__name__
            message = t("obs_write_failed", lang).format(file=file, code=code)
        else:
            self.problems.pop("observation", None)
            self.indicator = indicator
            self._runs.clear()  # the baseline and compared runs hold the old plan
            self.choose_scenario(self.base.name, keep_edits=True)
            return path
        self.problems["observation"] = message  # already in the page's language
        return None

    def entered_observation(self, indicator: str, year: int) -> UserObservation | None:
        """The value a user entered for this plan, indicator and year, if any."""
        try:
            rows = read_observations(None, {self.plan.id: self.plan})
        except SimlibValidationError:  # reported when saving
            return None
        return next((o for o in rows if o.key == (self.plan.id, indicator, year)), None)

    def _row_message(self, problem: Problem, indicator: str) -> str:
        """The page-language message for a problem with one field of an observation."""
        lang, plan = self.lang, self.plan
        if problem.field == "year":
            return t("obs_bad_year", lang).format(low=plan.history_from, high=plan.end_year)
        if problem.field == "value" and indicator in plan.indicators:
            ind = plan.indicators[indicator]
            return t("obs_bad_value", lang).format(low=fmt_number(ind.bounds[0], lang, 3),
                                                   high=fmt_number(ind.bounds[1], lang, 3),
                                                   unit=text(ind.unit, lang))
        if problem.field == "source":
            return t("obs_bad_source", lang).format(max=MAX_SOURCE)
        if problem.field in ("indicator", "value"):
            return t("obs_bad_indicator", lang)
        return t("obs_bad_field", lang).format(field=problem.field)

    # --- runs -----------------------------------------------------------------------------
    def _run(self, sc: Scenario, key: tuple) -> Result:
        if key not in self._runs:
            if len(self._runs) > 16:
                self._runs.clear()
            self._runs[key] = simulate(sc, draws=self.draws, seed=self.seed)
        return self._runs[key]

    def result(self) -> Result:
        """The edited scenario's ensemble (common random numbers with every other run here)."""
        return simulate(self.scenario(), draws=self.draws, seed=self.seed)

    def baseline(self) -> Result:
        return self._run(load_scenario("baseline"), ("baseline",))

    def compared(self) -> list[Result]:
        return [self._run(load_scenario(n), ("scenario", n)) for n in self.compare]

    # --- sharing --------------------------------------------------------------------------
    def query_string(self) -> str:
        """``scenario=plan&lang=vi&st_budget=40…``: restores this page with :func:`from_query`."""
        params: list[tuple[str, str]] = [("scenario", self.base.name), ("lang", self.lang),
                                         ("indicator", self.indicator)]
        if self.compare:
            params.append(("compare", ",".join(self.compare)))
        params += [(k, f"{slider_value(v):g}") for k, v in self.levers.items()]
        params += [(ASSUMPTION_PREFIX + k, f"{v:g}") for k, v in self.assumptions.items()]
        return urlencode(params)

    # --- saving ---------------------------------------------------------------------------
    def save_as(self, title: str, *, overwrite: bool = False) -> Msg:
        """Save the edited scenario under ``title`` (the file name derived by
        :func:`file_name_for`) and make it this page's scenario; the message to show. Shipped
        scenarios are never overwritten, whatever ``overwrite`` says."""
        title = " ".join(title.split())
        if not title:
            return Msg("msg_save_empty")
        name = file_name_for(title)
        if not name:
            return Msg("msg_save_bad_title")
        file = f"{name}.yaml"
        if name in shipped_scenarios():
            return Msg("msg_save_shipped", {"file": file})
        if scenario_name_problem(name):
            return Msg("msg_save_reserved", {"file": file})
        today = dt.date.today()
        description = {lang: t("saved_description", lang).format(
            date=fmt_date(today, lang), base=text(self.base.title, lang) or self.base.name)
            for lang in LANGS}
        scenario = replace(self.scenario().renamed(name, {lang: title for lang in LANGS}),
                           description=description)
        try:
            path = save_scenario(scenario, name, overwrite=overwrite)
        except FileExistsError:
            return Msg("msg_save_exists", {"file": file})
        except SimlibValidationError:
            return Msg("msg_save_reserved", {"file": file})
        except OSError as exc:
            code = errno.errorcode.get(exc.errno, str(exc.errno)) if exc.errno else type(exc).__name__
            return Msg("msg_save_failed", {"file": file, "code": code})
        self.choose_scenario(name)
        return Msg("msg_saved", {"title": title, "file": path.name})


def from_query(query: str, default: str = DEFAULT_SCENARIO) -> Session:
    """A session from a page's query string; bad parts become ``problems``, never exceptions."""
    problems: dict[str, Msg] = {}
    if len(query) > MAX_QUERY:
        problems["query"] = Msg("msg_query_too_long", {"max": MAX_QUERY})
        query = ""
    try:
        pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # more than MAX_FIELDS parameters
        problems["query"] = Msg("msg_query_too_many", {"max": MAX_FIELDS})
        pairs = []
    params: dict[str, str] = {}
    for key, value in pairs:
        params.setdefault(key, value)
    names = available_scenarios()
    name = params.pop("scenario", default)
    if name not in names:
        used = default if default in names else "baseline"
        problems["scenario"] = Msg("msg_unknown_scenario", {
            "name": short(name), "close": _close(name, names), "used": repr(used)})
        name = used
    session = Session(base=load_scenario(name))
    session.problems.update(problems)
    lang = params.pop("lang", "vi")
    if lang in LANGS:
        session.lang = lang
    else:
        session.problems["lang"] = Msg("msg_unknown_lang", {"name": short(lang)})
    indicator = params.pop("indicator", "")
    if indicator:
        if indicator in session.plan.indicators:
            session.indicator = indicator
        else:
            session.problems["indicator"] = Msg("msg_unknown_indicator", {"name": short(indicator)})
    compare = params.pop("compare", "")
    if compare:
        wanted = tuple(compare.split(","))
        session.set_compare(wanted)
        missing = [n for n in wanted if n not in names]
        if missing:
            session.problems["compare"] = Msg("msg_compare_unknown",
                                              {"name": ", ".join(short(n) for n in missing)})
    plan = session.plan
    known = ["scenario", "lang", "indicator", "compare", *plan.levers,
             *(ASSUMPTION_PREFIX + a for a in plan.assumptions)]
    for key, raw in params.items():
        is_assumption = key.startswith(ASSUMPTION_PREFIX) and \
            key[len(ASSUMPTION_PREFIX):] in plan.assumptions
        if key not in plan.levers and not is_assumption:
            session.problems[key] = Msg("msg_unknown_param", {"name": short(key),
                                                              "close": _close(key, known)})
            continue
        item = key[len(ASSUMPTION_PREFIX):] if is_assumption else key
        try:
            number = float(raw)
        except ValueError:
            number = None
        if number is None or not is_number(number):
            session.problems[item] = Msg("msg_not_number", {"value": short(raw[:20])})
            continue
        session.edit("assumption" if is_assumption else "lever", item, number)
    return session
