"""The demo's simulated measurements: loaded, replaced, and never confused with real ones."""

from __future__ import annotations

import pytest

from cannocchiale.accounts.access import Access
from cannocchiale.core.errors import ImportFailed
from cannocchiale.demo.measurements import demo_measurements_data, simulated_measurements_import
from cannocchiale.monitoring.models import Measurement
from tests.reports.conftest import load_demo


@pytest.mark.django_db
def test_loading_twice_replaces_the_simulated_values_and_keeps_the_real_ones() -> None:
    plan, count = load_demo()
    indicator = plan.indicators.first()
    assert indicator is not None
    Measurement.objects.create(
        organization=plan.organization, indicator=indicator, date="2018-03-31", value=1, note="rilevato"
    )
    again = simulated_measurements_import(
        access=Access.system(plan.organization), plan=plan, data=demo_measurements_data()
    )
    assert again == count
    assert Measurement.objects.filter(indicator__plan=plan).count() == count + 1
    simulated = Measurement.objects.filter(indicator__plan=plan).exclude(note="rilevato")
    assert all(m.note.startswith("Valore simulato") for m in simulated)


@pytest.mark.django_db
def test_a_value_without_the_simulated_note_is_refused() -> None:
    plan, _ = load_demo()
    data = demo_measurements_data()
    data["measurements"][0]["note"] = "valore vero"
    with pytest.raises(ImportFailed) as refused:
        simulated_measurements_import(access=Access.system(plan.organization), plan=plan, data=data)
    assert any("Valore simulato" in problem for problem in refused.value.problems)


@pytest.mark.django_db
def test_the_data_set_covers_every_indicator_with_a_2018_target() -> None:
    plan, _ = load_demo()
    with_target = set(plan.indicators.filter(targets__year=2018).values_list("code", flat=True))
    measured = {m["indicator"] for m in demo_measurements_data()["measurements"]}
    assert with_target <= measured


@pytest.mark.django_db
def test_a_real_value_at_the_date_of_a_simulated_one_wins_and_the_load_goes_through() -> None:
    plan, count = load_demo()
    simulated = Measurement.objects.filter(indicator__plan=plan).order_by("pk").first()
    assert simulated is not None
    indicator, day = simulated.indicator, simulated.date
    # An office enters the real value at that date: it replaces the simulated one.
    simulated.value, simulated.note, simulated.simulated = 42, "rilevato dall'ufficio", False
    simulated.save()
    again = simulated_measurements_import(
        access=Access.system(plan.organization), plan=plan, data=demo_measurements_data()
    )
    assert again == count - 1
    kept = Measurement.objects.get(indicator=indicator, date=day)
    assert kept.note == "rilevato dall'ufficio"
    assert kept.value == 42
    assert Measurement.objects.filter(indicator__plan=plan).count() == count


@pytest.mark.django_db
def test_a_real_note_starting_like_the_simulated_one_is_real_and_survives_a_reload() -> None:
    from cannocchiale.reports.simulated import is_simulated

    plan, count = load_demo()
    indicator = plan.indicators.last()
    assert indicator is not None
    real = Measurement.objects.create(
        organization=plan.organization,
        indicator=indicator,
        date="2018-02-28",
        value=7,
        note="Valore simulato dal vecchio gestionale, poi verificato dall'ufficio",
    )
    assert not is_simulated(real)
    simulated_measurements_import(
        access=Access.system(plan.organization), plan=plan, data=demo_measurements_data()
    )
    kept = Measurement.objects.get(pk=real.pk)
    assert kept.value == 7
    assert not kept.simulated
    assert Measurement.objects.filter(indicator__plan=plan, simulated=True).count() == count


@pytest.mark.django_db
def test_an_organization_with_only_real_notes_like_the_simulated_one_is_not_simulated(client) -> None:  # type: ignore[no-untyped-def]
    from cannocchiale.web.context import simulated_notice

    plan, _ = load_demo()
    Measurement.objects.filter(indicator__plan=plan).update(simulated=False)

    class Request:
        organization = plan.organization

    assert simulated_notice(Request())["simulated_data"]() is False  # type: ignore[arg-type]
