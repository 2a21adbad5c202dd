"""Target phrases of the seed that were read wrongly (issue 12, point 2; DESIGN.md, "Decided cases")."""

from decimal import Decimal

import pytest

from cannocchiale.engine.target import Target
from cannocchiale.engine.target_parser import Declared, declared_of, has_several_targets, parse_target
from cannocchiale.engine.target_text import describe_target

CONTROLS = (
    "10 controlli su strumenti verificati dai laboratori metrologici in base al DM 93/2017, "
    "di cui 5 con comunicazione preventiva di verifica e 5 a campione. 10 controlli su strumenti "
    "di pesatura verificati dai laboratori merceologici in base alla nuova normativa sopra citata."
)
REPORT = (
    "Report semestrale su\n"
    "a) Gestione fatture: rispetto termini definiti nella procedura obiettivo n. 1\n"
    "b) Regolarizzazione contabile delle riscossioni.\n"
    "g) sollecito ai Comuni per comunicazione spese di notifica entro novembre 2018"
)


def test_superiore_all_anno_n_1_is_more_than_the_previous_year() -> None:
    target = parse_target("superiore all'anno n-1", year=2018)
    assert (target.kind, target.strict, target.value, target.reference) == (
        "at_least",
        True,
        None,
        {"years_back": 1},
    )
    assert describe_target(target) == "più del valore effettivo dell'anno precedente"


def test_aumento_del_40_is_a_growth_over_the_previous_year() -> None:
    target = parse_target("aumento del 40% dei documenti inviati a pec/peo tramite Gedoc", year=2018)
    assert target.kind == "at_least"
    assert target.value is None
    assert target.reference == {"years_back": 1}
    assert target.change == {"percent": Decimal(40)}
    assert describe_target(target) == (
        "almeno il valore effettivo dell'anno precedente aumentato del 40 % (1,4 volte quel valore)"
    )


def test_a_named_base_replaces_the_previous_year() -> None:
    target = parse_target("riduzione del 10% rispetto al 2017", year=2018)
    assert (target.kind, target.reference, target.change) == (
        "at_most",
        {"year": 2017},
        {"percent": Decimal(-10)},
    )


def test_change_survives_the_json_form_and_is_absent_when_none() -> None:
    target = parse_target("aumento del 40% dei documenti", year=2018)
    assert Target.from_dict(target.to_dict()) == target
    assert "change" not in parse_target("80%").to_dict()
    stored = {"text": "80%", "kind": "at_least", "value": 80, "unit": "%"}  # JSON from before the field
    assert Target.from_dict(stored).change is None


@pytest.mark.parametrize("text", [CONTROLS, REPORT])
def test_several_thresholds_are_not_reduced_to_the_first(text: str) -> None:
    assert parse_target(text, year=2018).kind == "qualitative"
    assert has_several_targets(text, year=2018)


def test_one_threshold_is_not_several() -> None:
    assert not has_several_targets("n. 1 azione entro dicembre", year=2018)
    assert not has_several_targets("non compreso affatto", year=2018)


@pytest.mark.parametrize(
    "text", ["obiettivo n. 1", "rispetto termini definiti nella procedura obiettivo n. 1"]
)
def test_n_1_as_number_one_is_never_a_threshold(text: str) -> None:
    target = parse_target(text, year=2018)
    assert target.value is None


def test_n_1_before_a_counted_thing_is_a_count() -> None:
    target = parse_target("n. 1 azione promozionale", year=2018)
    assert (target.kind, target.value, target.unit) == ("at_least", Decimal(1), "count")


def test_a_bare_number_takes_the_declared_direction() -> None:
    declared = declared_of("lower_is_better", "%", None)
    target = parse_target("105,0%", year=2018, declared=declared)
    assert (target.kind, target.value, target.unit) == ("at_most", Decimal(105), "%")
    assert describe_target(target) == "al massimo 105 %"
    assert parse_target("105,0%", year=2018).kind == "at_least"  # nothing declared


def test_a_bare_number_takes_the_declared_scale() -> None:
    declared = declared_of(None, None, {"min": 1, "max": 5})
    target = parse_target("=>3", year=2018, declared=declared)
    assert (target.kind, target.value, target.unit) == ("at_least", Decimal(3), "score")
    assert target.scale == {"min": Decimal(1), "max": Decimal(5)}
    assert describe_target(target) == "almeno 3 su una scala da 1 a 5"


def test_a_bare_number_takes_the_declared_unit() -> None:
    target = parse_target("2", year=2018, declared=Declared(unit="%"))
    assert target.unit == "%"
    # A number of euro has no direction unless the indicator declares one.
    assert parse_target("30 euro", declared=declared_of(None, "euro", None)).kind == "qualitative"
    assert parse_target("30 euro", declared=declared_of("lower_is_better", "euro", None)).kind == "at_most"


def test_a_growth_scores_against_the_reference_grown_by_the_change() -> None:
    from cannocchiale.engine.policy import ScoringPolicy
    from cannocchiale.engine.scoring import Actual, score_indicator

    target = parse_target("aumento del 40% dei documenti", year=2018)
    policy = ScoringPolicy()
    met = score_indicator(
        target,
        Actual(value=Decimal(140)),
        policy=policy,
        final=True,
        year=2018,
        reference_actuals={2017: Decimal(100)},
    )
    half = score_indicator(
        target,
        Actual(value=Decimal(70)),
        policy=policy,
        final=True,
        year=2018,
        reference_actuals={2017: Decimal(100)},
    )
    assert met.achievement == Decimal(100)
    assert half.achievement == Decimal(50)
