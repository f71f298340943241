import pytest
from pydantic import ValidationError

from casework.routing import RoutingRules, load_routing


def test_default_rules_route_every_first_level_category():
    rules = load_routing()
    assert rules.suggest("劳动和社会保障") == "县人社局"
    assert rules.suggest(None) is None and rules.suggest("外星事务") is None


def test_a_township_can_override_the_county_default():
    rules = RoutingRules(departments=["A", "B"], rules={"城乡建设": "A"}, region={"511725001": {"城乡建设": "B"}})
    assert rules.suggest("城乡建设", "511725001") == "B" and rules.suggest("城乡建设", "511725102") == "A"


def test_rules_naming_an_unknown_department_are_refused():
    with pytest.raises(ValidationError, match="not in the list"):
        RoutingRules(departments=["A"], rules={"城乡建设": "Z"})
