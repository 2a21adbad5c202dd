"""Roll-ups: objectives from indicators, a person's result, the tree and the cascade."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cannocchiale.engine.explanation import Explanation
from cannocchiale.engine.rollup import (
    CascadeObjective,
    Node,
    cascade_rollup,
    objective_achievement,
    person_result,
    rollup_tree,
    weighted_mean,
)
from cannocchiale.engine.scoring import Score, ScoringError

D = Decimal


def s(achievement: str | None, key: str | None = None, *, flagged: bool = False) -> Score:
    value = None if achievement is None else D(achievement)
    return Score(
        achievement=value,
        status=None,
        data_state="ok" if value is not None else "actual_missing",
        flagged=flagged or value is None,
        explanation=Explanation("test", "test", {}, str(achievement), key=key),
        key=key,
    )


def test_objective_is_the_simple_mean_of_its_indicators_without_weights() -> None:
    result = objective_achievement([(s("100"), None), (s("50"), None)])
    assert result.achievement == D(75)
    assert result.explanation.rule_id == "objective_mean"
    assert not result.flagged


def test_objective_uses_indicator_weights_where_given() -> None:
    result = objective_achievement([(s("100"), D(60)), (s("50"), D(40))])
    assert result.achievement == D(80)


def test_objective_with_partial_weights_uses_the_simple_mean_and_is_flagged() -> None:
    result = objective_achievement([(s("100"), D(60)), (s("50"), None)])
    assert result.achievement == D(75)
    assert result.flagged
    assert any("solo per alcuni" in n for n in result.explanation.notes)


def test_objective_skips_indicators_without_achievement_and_says_so() -> None:
    result = objective_achievement([(s("90", "1A.1"), D(50)), (s(None, "1A.2"), D(50))])
    assert result.achievement == D(90)
    assert result.flagged
    assert result.explanation.notes == ("escluso 1A.2: raggiungimento non calcolato",)
    assert result.explanation.inputs["inclusi"] == 1


def test_objective_with_no_achievement_at_all_is_unscored() -> None:
    result = objective_achievement([(s(None), None)])
    assert result.achievement is None
    assert result.status is None
    assert result.flagged


def test_objective_with_no_indicators_is_unscored() -> None:
    assert objective_achievement([]).achievement is None


def test_rollup_is_flagged_when_an_input_is_flagged() -> None:
    assert objective_achievement([(s("80", flagged=True), None)]).flagged


def test_rollup_explanation_has_the_inputs_as_children() -> None:
    result = objective_achievement([(s("80", "a"), None), (s("60", "b"), None)], key="OBJ")
    assert [c.key for c in result.explanation.children] == ["a", "b"]
    data = result.to_dict()
    json.dumps(data)
    assert data["key"] == "OBJ"
    assert [c["key"] for c in data["explanation"]["children"]] == ["a", "b"]


def test_rollup_status_comes_from_the_policy() -> None:
    assert objective_achievement([(s("95"), None)]).status == "yellow"


def test_negative_weight_is_refused() -> None:
    with pytest.raises(ScoringError):
        weighted_mean([(s("80"), D(-1))])


def test_zero_weights_fall_back_to_the_simple_mean() -> None:
    result = weighted_mean([(s("80"), D(0)), (s("60"), D(0))])
    assert result.achievement == D(70)
    assert result.flagged


def test_person_result_is_the_weighted_mean_of_objectives() -> None:
    result = person_result([(s("100"), D(70)), (s("50"), D(30))])
    assert result.achievement == D(85)
    assert not result.flagged
    assert result.explanation.rule_id == "person_weighted_mean"
    assert result.explanation.inputs["somma_pesi"] == "100"


def test_person_result_with_weights_not_summing_to_100_is_normalised_and_flagged() -> None:
    result = person_result([(s("100"), D(60)), (s("50"), D(35))])
    assert result.achievement == (D(6000) + D(1750)) / D(95)
    assert result.flagged
    assert "i pesi sommano a 95, non a 100: normalizzati" in result.explanation.notes


def test_person_result_with_a_missing_weight_is_flagged() -> None:
    result = person_result([(s("100"), D(60)), (s("50"), None)])
    assert result.flagged
    assert result.achievement == D(75)


def test_tree_rolls_projects_up_to_the_plan() -> None:
    plan = Node(
        "plan",
        children=(
            Node(
                "1",
                children=(
                    Node(
                        "1A",
                        children=(Node("1A01", children=(Node("1A0101", s("80")), Node("1A0102", s("60")))),),
                    ),
                ),
            ),
            Node("2", children=(Node("2A", s("100")),)),
        ),
    )
    result = rollup_tree(plan)
    assert result.achievement == D(85)  # area 1: 70, area 2: 100
    assert result.key == "plan"
    area1 = result.explanation.children[0]
    assert area1.key == "1"
    assert area1.outcome == "70 %"


def test_tree_uses_sibling_weights_where_given() -> None:
    result = rollup_tree(
        Node("p", children=(Node("a", s("100"), weight=D(3)), Node("b", s("0"), weight=D(1))))
    )
    assert result.achievement == D(75)


def test_tree_node_with_its_own_score_keeps_it() -> None:
    node = Node("1A", s("90"), children=(Node("1A01", s("50")),))
    result = rollup_tree(node)
    assert result.achievement == D(90)
    assert result.explanation.rule_id == "tree_own"
    assert result.explanation.inputs["raggiungimento_dai_figli"] == "50"


def test_tree_leaf_without_score_is_unscored_and_left_out_of_its_parent() -> None:
    result = rollup_tree(Node("p", children=(Node("a", s("80")), Node("empty"))))
    assert result.achievement == D(80)
    assert result.flagged
    assert rollup_tree(Node("empty")).achievement is None


def test_cascade_objective_with_indicators_is_measured_by_them() -> None:
    results = cascade_rollup([CascadeObjective("SG-1", indicators=[(s("80"), None)])])
    assert results["SG-1"].achievement == D(80)
    assert results["SG-1"].explanation.rule_id == "objective_mean"


def test_cascade_objective_without_indicators_takes_the_mean_of_derived_objectives_and_projects() -> None:
    objectives = [
        CascadeObjective("ENTE-1", projects=["1A0101"]),
        CascadeObjective("SG-1", indicators=[(s("80"), None)], derives_from=["ENTE-1"]),
        CascadeObjective("SG-2", derives_from=["ENTE-1"]),
        CascadeObjective("DIR-1", indicators=[(s("40"), None)], derives_from=["SG-2"]),
    ]
    results = cascade_rollup(objectives, project_scores={"1A0101": s("90")})
    assert results["SG-2"].achievement == D(40)
    assert results["ENTE-1"].achievement == D(70)  # (80 + 40 + 90) / 3
    assert results["ENTE-1"].explanation.rule_id == "cascade_mean"
    assert [c.key for c in results["ENTE-1"].explanation.children] == ["SG-1", "SG-2", "1A0101"]


def test_cascade_objective_with_an_unmeasured_project_notes_it_and_is_flagged() -> None:
    objectives = [CascadeObjective("ENTE-1", projects=["1A0101", "9Z9999"])]
    result = cascade_rollup(objectives, project_scores={"1A0101": s("90")})["ENTE-1"]
    assert result.achievement == D(90)
    assert result.flagged
    assert result.explanation.inputs["progetti_non_misurati"] == ["9Z9999"]


def test_cascade_objective_with_nothing_to_measure_is_unscored() -> None:
    result = cascade_rollup([CascadeObjective("ENTE-1")])["ENTE-1"]
    assert result.achievement is None
    assert result.data_state == "target_missing"


def test_cascade_cycle_is_an_error() -> None:
    with pytest.raises(ScoringError):
        cascade_rollup([CascadeObjective("A", derives_from=["B"]), CascadeObjective("B", derives_from=["A"])])
