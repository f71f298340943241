from __future__ import annotations

import pytest

from geo import codes


@pytest.mark.parametrize(("given", "short"), [
    ("511725001", "511725001"),
    ("511725001000", "511725001"),
    ("511725001001", "511725001001"),
    ("511725000000", "511725"),
    ("511725000", "511725"),
    (" 511725 ", "511725"),
    (511725001000, "511725001"),
])
def test_normalise_gives_the_short_form(given, short) -> None:
    assert codes.normalise(given) == short


def test_township_codes_convert_both_ways() -> None:
    assert codes.to12("511725001") == "511725001000"
    assert codes.normalise(codes.to12("511725001")) == "511725001"
    assert codes.to12("511725001001") == "511725001001"
    assert codes.to12("511725") == "511725000000"


@pytest.mark.parametrize(("code", "level"), [
    ("511725", "county"), ("511725000000", "county"),
    ("511725001", "township"), ("511725001000", "township"), ("511725001001", "village"),
])
def test_level(code, level) -> None:
    assert codes.level(code) == level


def test_parents_climb_to_the_county() -> None:
    chain = ["511725001001"]
    while (up := codes.parent(chain[-1])) is not None:
        chain.append(up)
    assert chain == ["511725001001", "511725001", "511725"]
    assert codes.parent("511725001000") == "511725"
    assert codes.parent("511725000000") is None


def test_is_within() -> None:
    assert codes.is_within("511725001001", "511725")
    assert codes.is_within("511725001001", "511725001000")
    assert codes.is_within("511725001", "511725001")
    assert not codes.is_within("511725002001", "511725001")
    assert not codes.is_within("511725", "511725001")


@pytest.mark.parametrize("bad", ["", "51172", "5117250010", "51172500100a", None, "511725-001"])
def test_malformed_codes_are_refused(bad) -> None:
    with pytest.raises(ValueError, match="not a division code"):
        codes.normalise(bad)
