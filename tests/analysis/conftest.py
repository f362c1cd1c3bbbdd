import pytest

import simlib


@pytest.fixture(scope="session")
def plan_scenario() -> simlib.Scenario:
    return simlib.load_scenario("plan")
