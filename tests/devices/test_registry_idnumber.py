"""The device registry's typed errors, and the GB 11643 ID number rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices import idnumber, registry
from devices.errors import ConfigurationError


def test_registry_builds_a_simulator_for_every_kind() -> None:
    for kind in registry.BACKENDS:
        device = registry.create(kind, "simulated" if "simulated" in registry.BACKENDS[kind] else "silent")
        assert device.kind == kind


def test_registry_rejects_unknown_kind_and_backend() -> None:
    with pytest.raises(ConfigurationError, match="unknown device kind"):
        registry.create("fax", "simulated")
    with pytest.raises(ConfigurationError, match="allowed: "):
        registry.create("printer", "laser")


def test_known_good_and_bad_numbers() -> None:
    assert idnumber.is_valid("11010519491231002X")
    assert idnumber.is_valid("11010519491231002x")
    assert idnumber.problem("110105194912310021") == "check_digit"
    assert idnumber.problem("11010519491331002X") == "birth_date"
    assert idnumber.problem("1101051949123100") == "length"
    assert idnumber.problem("11010519491231002Y") == "characters"
    assert idnumber.sex_of("11010519491231002X") == "2"


@given(st.text(max_size=24))
def test_problem_never_crashes(text: str) -> None:
    assert idnumber.problem(text) in (None, "length", "characters", "birth_date", "check_digit")


@given(st.from_regex(r"[0-9]{17}", fullmatch=True))
def test_exactly_one_check_character_fits(first17: str) -> None:
    fits = [c for c in "0123456789X" if idnumber.check_char(first17) == c]
    assert len(fits) == 1
