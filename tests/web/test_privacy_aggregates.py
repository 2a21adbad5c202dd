"""Aggregated evaluation figures never show one person's score or bonus (issue 10, point 10a).

The published figures (mean, distribution, bonuses, mean by role) are shown only for groups of at
least the organization's minimum (default 5, never below 3), on the page and in the Relazione.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cannocchiale.accounts.access import access_for
from cannocchiale.audit.models import AuditEvent
from cannocchiale.core.errors import PermissionRefused
from cannocchiale.engine.explanation import format_euro, format_percent
from cannocchiale.evaluation.individual_services import (
    evaluation_close,
    evaluation_update,
    evaluations_open,
)
from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.evaluation.policy_services import MinGroupRefused, evaluation_min_group_set
from cannocchiale.evaluation.selectors import evaluation_aggregates
from cannocchiale.organization.models import Organization, Position
from cannocchiale.planning.models import Plan
from cannocchiale.reports.documents.model import Facts, Paragraph, Table
from cannocchiale.reports.documents.relazione import build_relazione
from tests.web.helpers import World

pytestmark = pytest.mark.django_db
D = Decimal
ROLES = ("planning_office", "secretary_general", "director", "office", "oiv", "admin")
ALL_FOURS = {c: D(4) for c in ("programmazione", "persone", "utenza", "innovazione", "integrazione")}


def _close_the_director(world: World) -> IndividualEvaluation:
    """The one concluded sheet of the year: the Dirigente's, with a bonus."""
    access = access_for(world.users["planning_office"], world.organization)
    opened = evaluations_open(organization=world.organization, year=2018, actor=None, access=access)
    sheet = next(e for e in opened if e.evaluated_position.code == "DIR-AREA1")
    sg = access_for(world.users["secretary_general"], world.organization)
    evaluation_update(
        evaluation=sheet, access=sg, actor=None, ratings=ALL_FOURS, comments="", bonus_budget=D("12345")
    )
    return evaluation_close(evaluation=sheet, access=sg, actor=None)


def _concluded(world: World, role: str, totals: list[str]) -> None:
    """Concluded sheets written straight to the table: more people than the fixture's three."""
    for index, total in enumerate(totals):
        position = Position.objects.create(
            organization=world.organization,
            code=f"X-{role}-{index}",
            role=role,
            title=f"Posizione {role} {index}",
            holder=f"Persona {role} {index}",
        )
        IndividualEvaluation.objects.create(
            organization=world.organization,
            year=2018,
            evaluated_position=position,
            evaluated_name=position.holder,
            status=IndividualEvaluation.Status.CLOSED,
            total=D(total),
            bonus_share=D(total),
            bonus_budget=D(1000),
            result={"total": total},
        )


def _page(world: World, role: str) -> str:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse("web:evaluations", args=[world.organization.code, 2018]))
    assert response.status_code == 200
    return response.content.decode()


def _relazione_text(world: World) -> str:
    plan = Plan.objects.filter(organization=world.organization, year=2018).order_by("-version").first()
    assert plan is not None
    document = build_relazione(plan=plan)
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Facts):
            parts.extend(f"{label}: {value}" for label, value in block.items)
        elif isinstance(block, Table):
            parts.append(block.caption)
            parts.extend(cell.text for row in block.rows for cell in row)
    return "\n".join(parts)


@pytest.mark.parametrize("role", ROLES)
def test_one_concluded_sheet_shows_nobody_s_score_or_bonus_to_any_role(world: World, role: str) -> None:
    closed = _close_the_director(world)
    assert closed.total is not None
    assert closed.bonus_share is not None
    page = _page(world, role)
    aggregates = page.split('id="aggregates-title"', 1)[1]
    assert "Dati aggregati non mostrati" in aggregates
    assert "meno delle 5 necessarie" in aggregates
    assert format_percent(closed.total) not in aggregates
    paid = closed.bonus_budget * closed.bonus_share / 100  # type: ignore[operator]
    assert format_euro(paid) not in aggregates
    assert format_euro(D("12345")) not in aggregates


def test_the_relazione_withholds_the_figures_of_a_too_small_group(world: World) -> None:
    closed = _close_the_director(world)
    text = _relazione_text(world)
    assert "Dati aggregati non pubblicati" in text
    assert "meno delle 5 necessarie" in text
    assert format_percent(closed.total) not in text
    assert format_euro(D("12345")) not in text


def test_five_concluded_sheets_are_shown_and_the_minimum_is_the_organization_s(world: World) -> None:
    _concluded(world, Position.Role.DIRECTOR, ["80", "85", "90", "95", "100"])
    figures = evaluation_aggregates(organization=world.organization, year=2018)
    assert not figures.suppressed
    assert figures.mean_text == format_percent(D(90))
    assert figures.budgeted == D(5000)
    assert "Dati aggregati non pubblicati" not in _relazione_text(world)
    access = access_for(world.users["planning_office"], world.organization)
    evaluation_min_group_set(access=access, organization=world.organization, minimum=6, actor=None)
    organization = Organization.objects.get(pk=world.organization.pk)
    raised = evaluation_aggregates(organization=organization, year=2018)
    assert raised.suppressed
    assert raised.min_group == 6
    assert raised.totals == []
    assert raised.budgeted is None
    assert raised.distribution == []


def test_a_lone_role_is_not_given_back_by_the_other_roles_means(world: World) -> None:
    """SG alone and four Dirigenti: the overall mean and the Dirigenti's would give the SG's score."""
    Organization.objects.filter(pk=world.organization.pk).update(evaluation_min_group=3)
    _concluded(world, Position.Role.SECRETARY_GENERAL, ["61.5"])
    _concluded(world, Position.Role.DIRECTOR, ["80", "85", "90", "95"])
    organization = Organization.objects.get(pk=world.organization.pk)
    figures = evaluation_aggregates(organization=organization, year=2018)
    assert not figures.suppressed
    assert figures.by_role == []
    assert set(figures.by_role_withheld) == {"Segretario generale", "Dirigente"}
    page = _page(world, "office")
    assert "Media per ruolo non mostrata per" in page
    assert format_percent(D("87.5")) not in page  # the Dirigenti's mean


def test_small_roles_withheld_together_leave_the_large_role_shown(world: World) -> None:
    Organization.objects.filter(pk=world.organization.pk).update(evaluation_min_group=3)
    _concluded(world, Position.Role.SECRETARY_GENERAL, ["61.5"])
    _concluded(world, Position.Role.PO, ["70", "72"])
    _concluded(world, Position.Role.DIRECTOR, ["80", "85", "90", "95"])
    organization = Organization.objects.get(pk=world.organization.pk)
    figures = evaluation_aggregates(organization=organization, year=2018)
    assert [label for label, _, _ in figures.by_role] == ["Dirigente"]
    assert set(figures.by_role_withheld) == {"Segretario generale", "Posizione organizzativa"}


@pytest.mark.parametrize("minimum", [2, 0, -1, True, "5"])
def test_the_minimum_is_never_below_three(world: World, minimum: object) -> None:
    access = access_for(world.users["planning_office"], world.organization)
    with pytest.raises(MinGroupRefused, match="non inferiore a 3"):
        evaluation_min_group_set(
            access=access,
            organization=world.organization,
            minimum=minimum,  # type: ignore[arg-type]
            actor=None,
        )
    assert Organization.objects.get(pk=world.organization.pk).evaluation_min_group == 5


def test_the_database_and_the_model_refuse_a_minimum_below_three(world: World) -> None:
    organization = Organization.objects.get(pk=world.organization.pk)
    organization.evaluation_min_group = 2
    with pytest.raises(ValidationError):
        organization.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(evaluation_min_group=2)


@pytest.mark.parametrize("role", ["secretary_general", "director", "office", "oiv", "admin"])
def test_only_the_planning_office_sets_the_minimum(world: World, role: str) -> None:
    with pytest.raises(PermissionRefused):
        evaluation_min_group_set(
            access=access_for(world.users[role], world.organization),
            organization=world.organization,
            minimum=3,
            actor=None,
        )


def test_the_smvp_page_sets_the_minimum_and_refuses_two(world: World) -> None:
    client = Client()
    client.force_login(world.users["planning_office"])
    url = reverse("web:scoring_policy", args=[world.organization.code])
    refused = client.post(url, {"min_group": "2", "min_group_submit": "1"})
    assert refused.status_code == 422
    assert "3" in refused.content.decode()
    assert Organization.objects.get(pk=world.organization.pk).evaluation_min_group == 5
    saved = client.post(url, {"min_group": "7", "min_group_submit": "1"})
    assert saved.status_code == 302
    assert Organization.objects.get(pk=world.organization.pk).evaluation_min_group == 7
    event = AuditEvent.objects.get(action="scoring_policy.min_group")
    assert event.before == {"evaluation_min_group": 5}
    assert event.after == {"evaluation_min_group": 7}
