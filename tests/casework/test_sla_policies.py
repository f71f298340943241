"""Policies as data: the shipped file loads, mistakes are refused with clear messages, the most specific
matching rule wins."""
from __future__ import annotations

import textwrap

import pytest

from casework.sla import CaseFacts, PolicyError, load_policies, parse_policies, select_policy

BASE = """
version: 1
kinds:
  sign: {title: 签收, starts_on: [intake], stops_on: [sign]}
  arrive: {title: 到场, starts_on: [dispatch], stops_on: [arrive]}
policies:
  - id: default
    match: {}
    clocks:
      sign: {limit: {minutes: 10}}
      arrive: {limit: {minutes: 30}}
"""


def policy_text(rules: str = "", top: str = "") -> str:
    """BASE with more rules (YAML list items) and more top-level keys."""
    return BASE + textwrap.indent(textwrap.dedent(rules), "  ") + textwrap.dedent(top)


def book(rules: str = "", top: str = ""):  # noqa: ANN201
    return parse_policies(policy_text(rules, top), source="test.yaml")


def refused(text: str) -> str:
    with pytest.raises(PolicyError) as caught:
        parse_policies(textwrap.dedent(text), source="test.yaml")
    return str(caught.value)


def test_the_shipped_policies_load():
    shipped = load_policies()
    assert {"sign", "contact", "order", "arrive", "dept_sign", "feedback", "mediation", "closure"} <= set(shipped.kinds)
    assert shipped.warn_at_share == 0.8
    assert [str(s.after) for s in shipped.escalations["fast"]] == ["0 minutes", "5 minutes", "15 minutes"]
    assert shipped.escalations["standard"][-1].supervise  # 督办


def test_123_and_1030_in_the_shipped_policies():
    shipped = load_policies()
    police_town = select_policy(shipped, CaseFacts("police110", "政法", "normal", "511725001001"))
    assert {k: str(police_town.chosen[k].terms.limit) for k in ("sign", "contact", "order", "arrive")} == {
        "sign": "1 minute", "contact": "2 minutes", "order": "3 minutes", "arrive": "10 minutes"}
    countryside = select_policy(shipped, CaseFacts("hotline12345", "城乡建设", "normal", "511725110"))
    assert str(countryside.chosen["arrive"].terms.limit) == "30 minutes"
    assert "contact" not in countryside.chosen  # no "123" for an ordinary hotline demand
    assert str(countryside.chosen["closure"].terms.limit) == "10 working days"
    mediation = select_policy(shipped, CaseFacts("window", "矛盾纠纷/邻里纠纷", "urgent", None))
    assert str(mediation.chosen["mediation"].terms.limit) == "30 days"
    assert "feedback" not in mediation.chosen  # switched off by the mediation rule (priority over urgent)
    assert mediation.chosen["closure"].rule_id == "mediation"
    assert mediation.chosen["sign"].rule_id == "urgent"


def test_most_specific_rule_wins_per_kind():
    policies = book("""
      - id: town
        match: {region: "511725001"}
        clocks: {arrive: {limit: {minutes: 10}}}
      - id: police
        match: {channel: police110}
        clocks: {sign: {limit: {minutes: 1}}}
      - id: police-town
        match: {channel: police110, region: "511725001"}
        clocks: {arrive: {limit: {minutes: 5}}}
    """)
    chosen = select_policy(policies, CaseFacts("police110", None, "normal", "511725001007")).chosen
    assert (chosen["sign"].rule_id, chosen["arrive"].rule_id) == ("police", "police-town")
    chosen = select_policy(policies, CaseFacts("grid", None, "normal", "511725001007")).chosen
    assert (chosen["sign"].rule_id, chosen["arrive"].rule_id) == ("default", "town")
    chosen = select_policy(policies, CaseFacts("police110", None, "normal", "511725102")).chosen
    assert (chosen["sign"].rule_id, chosen["arrive"].rule_id) == ("police", "default")
    chosen = select_policy(policies, CaseFacts("police110", None, "normal", None)).chosen  # no region known
    assert chosen["arrive"].rule_id == "default"


def test_categories_match_their_sub_categories_and_regions_by_name():
    policies = book("""
      - id: building
        match: {category: 城乡建设, region: [county-town]}
        clocks: {sign: {limit: {minutes: 5}}}
    """, top="""
    regions:
      county-town: ["511725001", "511725002"]
    """)
    match = select_policy(policies, CaseFacts("grid", "城乡建设/安全生产", "normal", "511725002003")).chosen
    assert match["sign"].rule_id == "building"
    for near_miss in (CaseFacts("grid", "城乡建设局", "normal", "511725002"),  # not a sub-category
                      CaseFacts("grid", "城乡建设", "normal", "511725003")):  # not in the region
        assert select_policy(policies, near_miss).chosen["sign"].rule_id == "default"


def test_priority_breaks_ties_and_null_switches_a_kind_off():
    policies = book("""
      - id: urgent
        match: {urgency: urgent}
        clocks: {sign: {limit: {minutes: 1}}, arrive: null}
      - id: grid
        match: {channel: grid}
        priority: 1
        clocks: {sign: {limit: {minutes: 3}}}
    """)
    chosen = select_policy(policies, CaseFacts("grid", None, "urgent", None)).chosen
    assert chosen["sign"].rule_id == "grid" and "arrive" not in chosen


def test_equally_specific_overlapping_rules_that_disagree_are_refused():
    message = refused(policy_text("""
      - id: urgent
        match: {urgency: urgent}
        clocks: {sign: {limit: {minutes: 1}}}
      - id: grid
        match: {channel: grid}
        clocks: {sign: {limit: {minutes: 3}}}
    """))
    assert "policies 'urgent' and 'grid' are equally specific" in message and "'sign' clock" in message
    # disjoint matches or agreeing terms are fine
    book("""
      - id: urgent
        match: {urgency: urgent}
        clocks: {sign: {limit: {minutes: 1}}}
      - id: police
        match: {channel: police110}
        clocks: {sign: {limit: {minutes: 1}}}
      - id: town
        match: {region: "511725001"}
        clocks: {arrive: {limit: {minutes: 10}}}
      - id: other-town
        match: {region: "511725002"}
        clocks: {arrive: {limit: {minutes: 12}}}
    """)


def test_unknown_keys_are_refused_with_their_place():
    message = refused(BASE.replace("sign: {limit: {minutes: 10}}", "sign: {limit: {minutes: 10}, warn_at: 0.5}"))
    assert "policies[0] (id=default).clocks.sign.warn_at: unknown key" in message
    message = refused(BASE + "\nescalation_rules: {}\n")
    assert "escalation_rules: unknown key" in message


def test_every_problem_is_listed_at_once():
    message = refused("""
    version: 1
    kinds:
      sign: {title: 签收, starts_on: [intake, sing], stops_on: [sign]}
    policies:
      - id: Default
        match: {channel: hotline, urgency: high}
        clocks:
          sign: {limit: {minutes: 1, hours: 2}}
    """)
    assert "test.yaml:" in message
    assert "kinds.sign.starts_on[1]" in message and "'sing'" not in message.split("starts_on[1]")[0]
    assert "policies[0] (id=Default).id: policy id 'Default' must be lower-case" in message
    assert "unknown channel 'hotline'" in message
    assert "match.urgency[0]" in message
    assert "give exactly one of minutes, hours, days, working_hours, working_days (got minutes, hours)" in message


def test_references_are_checked():
    message = refused(BASE.replace("arrive: {limit: {minutes: 30}}", "arive: {limit: {minutes: 30}, escalation: loud}")
                      .replace("match: {}", "match: {region: uptown}"))
    assert "unknown clock kind 'arive'; known: sign, arrive" in message
    assert "unknown ladder 'loud'" in message
    assert "'uptown' is neither a region" in message
    assert "no catch-all rule" in message


def test_yaml_mistakes_are_refused():
    assert "found the key 'sign' twice" in refused(BASE.replace(
        "      arrive: {limit: {minutes: 30}}", "      sign: {limit: {minutes: 30}}"))
    assert "not valid YAML" in refused("version: 1\nkinds: [\n")
    assert "must be a mapping" in refused("- 1\n")
    assert "a clock that pauses needs actions that resume it" in refused(
        BASE.replace("stops_on: [arrive]}", "stops_on: [arrive], pauses_on: [wait]}"))
    assert "must start before it ends" in refused(BASE + 'calendar: {office_hours: [["12:00", "08:30"]]}\n')
    assert "unknown time zone" in refused(BASE + "calendar: {timezone: Mars/Olympus}\n")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(PolicyError, match="cannot read the file"):
        load_policies(tmp_path / "nope.yaml")


def test_a_snapshot_is_taken_once_per_book_and_a_copy_of_the_book_takes_its_own():
    from casework.sla import load_policies
    from casework.sla.selector import CaseFacts, select_policy

    book = load_policies()
    facts = CaseFacts(channel="hotline12345")
    first = select_policy(book, facts)
    kind = first.kinds[0]
    assert select_policy(book, facts).snapshot(kind) is first.snapshot(kind)
    edited = book.model_copy(update={"warn_at_share": 0.5})  # shares the private cache dict with `book`
    assert select_policy(edited, facts).snapshot(kind).warn_share == 0.5
    assert first.snapshot(kind).warn_share == book.warn_at_share != 0.5
