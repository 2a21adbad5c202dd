"""Import is all or nothing; export then import gives back the same plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from cannocchiale.audit.models import AuditEvent
from cannocchiale.core.errors import ImportFailed
from cannocchiale.interchange.exporter import plan_export
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import dump_text, load_file, load_text
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import AnnualObjective, Indicator, Plan, Project, Target

FIXTURES = Path(__file__).parents[1] / "fixtures"

pytestmark = pytest.mark.django_db


def _import(name: str, **kwargs: object) -> Plan:
    result = plan_import(document=load_file(FIXTURES / name), **kwargs)  # type: ignore[arg-type]
    return Plan.objects.get(
        organization__code=result.organization_code, year=result.year, version=result.version
    )


@pytest.mark.parametrize("name", ["minimal.yaml", "full_features.yaml"])
def test_export_then_import_round_trips_without_loss(name: str) -> None:
    plan = _import(name)
    first = plan_export(plan)
    text = dump_text(first)
    # An approved plan is never replaced (full_features is approved): the copy goes into a free place.
    first_pk = plan.pk
    plan.delete()
    plan_import(document=load_text(text, source="export.yaml"))
    second = plan_export(Plan.objects.get(pk__gt=first_pk))
    assert second == first


def test_full_features_file_survives_the_round_trip_field_by_field() -> None:
    original = load_file(FIXTURES / "full_features.yaml").data
    plan = _import("full_features.yaml")
    exported = load_text(dump_text(plan_export(plan))).data
    assert (
        exported["plan"]["areas"][0]["objectives"][0]["code"]
        == original["plan"]["areas"][0]["objectives"][0]["code"]
    )
    assert len(exported["plan"]["annual_objectives"]) == len(original["plan"]["annual_objectives"])
    assert exported["plan"]["approval"] == original["plan"]["approval"]
    assert exported["plan"]["measurements"] == [
        {k: v for k, v in m.items() if v is not None} for m in original["plan"]["measurements"]
    ]


def test_import_parses_every_target_into_its_structured_form() -> None:
    _import("minimal.yaml")
    target = Target.objects.get(indicator__code="1A.1", year=2018)
    assert target.text == "< 5gg"
    assert target.structured["kind"] == "at_most"
    assert target.structured["strict"] is True
    assert target.structured["value"] == 5


def test_import_records_who_imported_what() -> None:
    plan = _import("minimal.yaml")
    event = AuditEvent.objects.get(object_type="planning.Plan", object_id=str(plan.pk))
    assert event.action == "plan.import"
    assert event.after["projects"] == 1


def test_a_bad_file_changes_nothing_and_names_line_and_field() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    broken = text.replace("offices: [UFF-REG]", "offices: [UFF-NOPE]")
    with pytest.raises(ImportFailed) as caught:
        plan_import(document=load_text(broken, source="rotto.yaml"))
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "UFF-NOPE" in row)
    assert any(p.startswith(f"rotto.yaml:{line}:") and "UFF-NOPE" in p for p in caught.value.problems)
    assert not Organization.objects.exists()
    assert not Plan.objects.exists()


def test_a_schema_error_names_line_and_field() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    broken = text.replace("year: 2018\n  start_year", "year: duemiladiciotto\n  start_year", 1)
    with pytest.raises(ImportFailed) as caught:
        plan_import(document=load_text(broken, source="rotto.yaml"))
    assert any("plan.year" in p and "numero intero" in p for p in caught.value.problems)


def test_a_failure_while_writing_rolls_back_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    from cannocchiale.interchange import writer
    from cannocchiale.planning.models import CalendarPhase

    insert = writer.PlanWriter._insert

    def explode(self: writer.PlanWriter, model: type, rows: list) -> object:  # type: ignore[type-arg]
        if model is CalendarPhase:  # late in the plan: the tree, objectives, measurements are saved
            raise RuntimeError("disk full")
        return insert(self, model, rows)

    monkeypatch.setattr(writer.PlanWriter, "_insert", explode)
    with pytest.raises(RuntimeError):
        _import("minimal.yaml")
    assert not Organization.objects.exists()
    assert not Project.objects.exists()


def test_dry_run_checks_everything_and_saves_nothing() -> None:
    result = plan_import(document=load_file(FIXTURES / "minimal.yaml"), dry_run=True)
    assert result.dry_run
    assert result.counts["projects"] == 1
    assert not Plan.objects.exists()
    assert not Indicator.objects.exists()


def test_importing_the_same_version_twice_is_refused_unless_replacing() -> None:
    _import("minimal.yaml")
    with pytest.raises(ImportFailed) as caught:
        _import("minimal.yaml")
    assert "esiste già" in caught.value.problems[0]
    plan = _import("minimal.yaml", replace=True)
    assert Plan.objects.count() == 1
    assert AnnualObjective.objects.filter(plan=plan).count() == AnnualObjective.objects.count()


def test_exported_plan_is_bounded_in_queries(django_assert_max_num_queries: object) -> None:
    plan = _import("full_features.yaml")
    with django_assert_max_num_queries(35):  # type: ignore[operator]
        plan_export(plan)


def test_a_repeated_context_series_code_is_refused_with_its_line() -> None:
    text = (FIXTURES / "full_features.yaml").read_text(encoding="utf-8")
    document = load_text(text, source="serie.yaml")
    series = document.data["plan"]["context_series"]
    series.append(dict(series[0]))
    with pytest.raises(ImportFailed) as caught:
        plan_import(document=document)
    assert any("codice di serie di contesto" in p and "ripetuto" in p for p in caught.value.problems)
    assert not Plan.objects.exists()


def test_malformed_yaml_is_one_error_naming_the_line() -> None:
    from cannocchiale.interchange.yaml_io import PlanFileError

    with pytest.raises(PlanFileError) as caught:
        load_text("format: cannocchiale/plan@1\norganization:\n  code: [lucca\n", source="rotto.yaml")
    assert str(caught.value).startswith("rotto.yaml:")
    assert "YAML non valido" in str(caught.value)


def test_a_repeated_key_is_refused_with_its_line() -> None:
    from cannocchiale.interchange.yaml_io import PlanFileError

    with pytest.raises(PlanFileError) as caught:
        load_text("format: a\nformat: b\n", source="doppio.yaml")
    assert str(caught.value) == "doppio.yaml:2: chiave «format» ripetuta (primo livello del documento)"
