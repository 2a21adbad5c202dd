"""The permission matrix: every role against every page and every action, allowed and refused.

Pages: an allowed role gets 200, a refused member 403, a member of another organization 404
(an organization's existence is not disclosed) and a visitor is sent to sign in.
Actions: a refused role changes nothing (no new entry in the record of changes, which every
change writes) and gets 403, 404 or is sent back with a message; an allowed role's valid action
is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from cannocchiale.accounts.access import Access
from cannocchiale.accounts.models import Membership
from cannocchiale.audit.models import AuditEvent
from cannocchiale.evaluation.individual_services import evaluations_open
from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.monitoring.models import Evidence, MonitoringRound, Submission
from cannocchiale.monitoring.services import round_open
from cannocchiale.organization.models import Position
from cannocchiale.planning.models import AnnualObjective, Budget, Indicator, Plan, StrategicObjective, Target
from tests.web.helpers import World, build_world

ROLES = ("planning_office", "secretary_general", "director", "office", "oiv", "admin")
EVERYONE = frozenset(ROLES)
PLANNING = frozenset({"planning_office"})
READERS_OF_DOCUMENTS = frozenset({"planning_office", "secretary_general", "director", "oiv", "admin"})
READERS_OF_PERSONAL_RESULTS = frozenset({"planning_office", "oiv", "admin"})
ADMIN = frozenset({"admin"})
# The scene's submission is of an indicator of AREA1: its Dirigente reads the evidence, as do the
# planning office and the OIV; the office below, the Segretario (another area) and the admin do not.
READERS_OF_EVIDENCE = frozenset({"planning_office", "oiv", "director"})


@dataclass
class Scene:
    world: World
    plan: Plan
    round: MonitoringRound
    submission: Submission
    target: Target
    indicator: Indicator
    budget: Budget
    evaluation: IndividualEvaluation
    director_group: str
    sg_group: str
    objective_pk: int
    evidence: Evidence

    @property
    def org(self) -> str:
        return self.world.organization.code


def build_scene() -> Scene:
    world = build_world()
    plan = Plan.objects.get(organization=world.organization)
    # A draft, so that editing is possible at all: the matrix then shows who may do it.
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    plan.refresh_from_db()
    round_ = round_open(
        access=Access.system(world.organization),
        plan=plan,
        name="Monitoraggio al 30 giugno",
        as_of=dt.date(2018, 6, 30),
        due_date=dt.date(2018, 7, 31),
        actor=world.users["planning_office"],
    )
    # The PO's sheet is left for the "evaluations_start" action to open.
    evaluations_open(
        organization=world.organization,
        year=plan.year,
        actor=None,
        access=Access.system(world.organization),
        roles=("secretary_general", "director"),
    )
    director = Position.objects.get(organization=world.organization, role=Position.Role.DIRECTOR)
    sg = Position.objects.get(organization=world.organization, role=Position.Role.SECRETARY_GENERAL)
    AnnualObjective.objects.filter(plan=plan, assignee_position=director).update(weight=99)
    return Scene(
        world=world,
        plan=plan,
        round=round_,
        submission=Submission.objects.filter(round=round_).order_by("pk").first(),  # type: ignore[arg-type]
        target=Target.objects.filter(indicator__plan=plan).order_by("pk").first(),  # type: ignore[arg-type]
        indicator=Indicator.objects.filter(plan=plan).order_by("pk").first(),  # type: ignore[arg-type]
        budget=Budget.objects.filter(plan=plan).order_by("pk").first(),  # type: ignore[arg-type]
        evaluation=IndividualEvaluation.objects.get(evaluated_position=director),
        director_group=f"p{director.pk}",
        sg_group=f"p{sg.pk}",
        objective_pk=StrategicObjective.objects.get(plan=plan, code="1A").pk,
        evidence=_evidence(Submission.objects.filter(round=round_).order_by("pk").first()),  # type: ignore[arg-type]
    )


def _evidence(submission: Submission) -> Evidence:
    return Evidence.objects.create(
        organization_id=submission.organization_id,
        submission=submission,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="verbale.pdf"),
        original_name="verbale.pdf",
        content_type="application/pdf",
        size=15,
    )


# An individual evaluation is personal data: to those who may not read it, it does not exist.
REFUSED_STATUS = {"evaluation": 404}

# (name, path built from the scene, roles that may open it)
PAGES: list[tuple[str, Callable[[Scene], str], frozenset[str]]] = [
    ("org_home", lambda s: f"/o/{s.org}/", EVERYONE),
    ("tree", lambda s: f"/o/{s.org}/2018/albero/", EVERYONE),
    ("objective_sheet", lambda s: f"/o/{s.org}/2018/obiettivi/1A/", EVERYONE),
    ("project_sheet", lambda s: f"/o/{s.org}/2018/progetti/1A0101/", EVERYONE),
    ("validation", lambda s: f"/o/{s.org}/2018/validazione/", EVERYONE),
    ("plan_lifecycle", lambda s: f"/o/{s.org}/2018/ciclo/", EVERYONE),
    ("history", lambda s: f"/o/{s.org}/storia/objective/{s.objective_pk}/", EVERYONE),
    ("cascade", lambda s: f"/o/{s.org}/2018/cascata/", EVERYONE),
    ("monitoring", lambda s: f"/o/{s.org}/2018/monitoraggio/", EVERYONE),
    ("round", lambda s: f"/o/{s.org}/2018/monitoraggio/{s.round.pk}/", EVERYONE),
    (
        "measurement_enter",
        lambda s: f"/o/{s.org}/2018/monitoraggio/{s.round.pk}/indicatore/{s.submission.pk}/",
        EVERYONE,
    ),
    ("my_work", lambda s: f"/o/{s.org}/attivita/", EVERYONE),
    ("scores", lambda s: f"/o/{s.org}/2018/punteggi/", EVERYONE),
    ("score_explain", lambda s: f"/o/{s.org}/2018/punteggi/indicator/1A.1/", EVERYONE),
    (
        "score_explain_assignee",
        lambda s: f"/o/{s.org}/2018/punteggi/assignee/DIR-AREA1/",
        READERS_OF_PERSONAL_RESULTS,
    ),
    ("health", lambda s: f"/o/{s.org}/2018/salute/", EVERYONE),
    ("oversight", lambda s: f"/o/{s.org}/2018/oiv/", EVERYONE),
    ("comments_panel", lambda s: f"/o/{s.org}/2018/osservazioni/objective/1A/", EVERYONE),
    ("evaluations", lambda s: f"/o/{s.org}/2018/valutazioni/", EVERYONE),
    (
        "evidence_download",
        lambda s: f"/o/{s.org}/2018/monitoraggio/{s.round.pk}/evidenza/{s.evidence.pk}/",
        READERS_OF_EVIDENCE,
    ),
    # Personal data: the two parties, the planning office and the OIV; not the administrator.
    (
        "evaluation",
        lambda s: f"/o/{s.org}/2018/valutazioni/{s.evaluation.pk}/",
        frozenset({"planning_office", "oiv", "secretary_general", "director"}),
    ),
    ("scoring_policy", lambda s: f"/o/{s.org}/smvp/", PLANNING),
    ("documents", lambda s: f"/o/{s.org}/2018/documenti/", READERS_OF_DOCUMENTS),
    ("target_edit", lambda s: f"/o/{s.org}/2018/target/{s.target.pk}/modifica/", PLANNING),
    ("indicator_edit", lambda s: f"/o/{s.org}/2018/indicatori/{s.indicator.pk}/modifica/", PLANNING),
    ("budget_edit", lambda s: f"/o/{s.org}/2018/budget/{s.budget.pk}/modifica/", PLANNING),
    ("project_edit", lambda s: f"/o/{s.org}/2018/progetti/1A0101/modifica/", PLANNING),
    # Roles are granted by the organization's administrator only (a superuser is nobody here).
    ("roles", lambda s: f"/o/{s.org}/ruoli/", ADMIN),
]  # fmt: skip

# (name, path, data, roles whose valid action is recorded)
ACTIONS: list[tuple[str, Callable[[Scene], str], Callable[[Scene], dict[str, str]], frozenset[str]]] = [
    (
        "target_edit",
        lambda s: f"/o/{s.org}/2018/target/{s.target.pk}/modifica/",
        lambda s: {"text": ">= 90%"},
        PLANNING,
    ),
    (
        "budget_edit",
        lambda s: f"/o/{s.org}/2018/budget/{s.budget.pk}/modifica/",
        lambda s: {"costs": "1.000,00", "revenues": "0", "investments": "0"},
        PLANNING,
    ),
    (
        "plan_approve",
        lambda s: f"/o/{s.org}/2018/ciclo/",
        lambda s: _approval(s),
        PLANNING,
    ),
    (
        "weights_of_the_director",
        lambda s: f"/o/{s.org}/2018/cascata/{s.director_group}/",
        lambda s: _weights(s, s.director_group),
        frozenset({"planning_office", "secretary_general"}),
    ),
    (
        "weights_of_the_secretary_general",
        lambda s: f"/o/{s.org}/2018/cascata/{s.sg_group}/",
        lambda s: _weights(s, s.sg_group),
        PLANNING,
    ),
    (
        "round_close",
        lambda s: f"/o/{s.org}/2018/monitoraggio/{s.round.pk}/stato/",
        lambda s: {"action": "close"},
        PLANNING,
    ),
    (
        "round_open",
        lambda s: f"/o/{s.org}/2018/monitoraggio/",
        lambda s: {"name": "Monitoraggio finale", "as_of": "2018-12-31", "due_date": "2019-01-31"},
        PLANNING,
    ),
    (
        "comment",
        lambda s: f"/o/{s.org}/2018/osservazioni/objective/1A/",
        lambda s: {"text": "Il target 2018 non è coerente con il 2017."},
        frozenset({"planning_office", "oiv"}),
    ),
    (
        "relazione_validation",
        lambda s: f"/o/{s.org}/2018/oiv/validazione/",
        lambda s: {
            "kind": "relazione",
            "outcome": "validated",
            "act_reference": "Verbale OIV n. 4",
            "act_date": "2019-06-25",
        },
        frozenset({"oiv"}),
    ),
    (
        "evaluations_start",
        lambda s: f"/o/{s.org}/2018/valutazioni/apri/",
        lambda s: {},
        PLANNING,
    ),
    (
        "role_grant",
        lambda s: f"/o/{s.org}/ruoli/",
        lambda s: {"username": s.world.users["stranger"].username, "role": "oiv"},
        ADMIN,
    ),
    (
        "role_revoke",
        lambda s: f"/o/{s.org}/ruoli/{Membership.objects.get(user=s.world.users['oiv']).pk}/revoca/",
        lambda s: {},
        ADMIN,
    ),
]


def _approval(scene: Scene) -> dict[str, str]:
    """The approval form, on a plan that validates: approval refuses a plan with errors, and the scene
    leaves the director's lone objective at 99 for the weights actions to restore."""
    director = int(scene.director_group[1:])
    AnnualObjective.objects.filter(plan=scene.plan, assignee_position_id=director).update(weight=100)
    return {"action": "approve", "act": "Delibera di Giunta n. 5", "date": "2018-01-30"}


def _weights(scene: Scene, key: str) -> dict[str, str]:
    """A valid change of the group's weights: one point moved from the first objective to the second,
    so the sum stays 100."""
    kind, pk = key[0], int(key[1:])
    objectives = AnnualObjective.objects.filter(plan=scene.plan).order_by("position")
    objectives = (
        objectives.filter(assignee_position_id=pk) if kind == "p" else objectives.filter(assignee_unit_id=pk)
    )
    weights = [o.weight or 0 for o in objectives]
    if len(weights) == 1:
        weights = [100]  # build_scene left the lone objective at 99: the sum to restore
    else:
        weights[0] -= 1
        weights[1] += 1
    return {f"weight-{o.pk}": str(w) for o, w in zip(objectives, weights, strict=True)}


@pytest.fixture
def scene(db: None, settings, tmp_path) -> Scene:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"  # the scene's evidence file
    return build_scene()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_pages_it_may(scene: Scene, client: Client, role: str) -> None:
    client.force_login(scene.world.users[role])
    wrong = []
    for name, path, allowed in PAGES:
        status = client.get(path(scene)).status_code
        expected = 200 if role in allowed else REFUSED_STATUS.get(name, 403)
        if status != expected:
            wrong.append(f"{name}: {status}, atteso {expected}")
    assert wrong == [], "; ".join(wrong)


def test_a_member_of_another_organization_finds_nothing(scene: Scene, client: Client) -> None:
    client.force_login(scene.world.users["stranger"])
    statuses = {name: client.get(path(scene)).status_code for name, path, _ in PAGES}
    assert set(statuses.values()) == {404}, statuses


def test_a_visitor_is_sent_to_sign_in_everywhere(scene: Scene, client: Client) -> None:
    for name, path, _ in PAGES:
        response = client.get(path(scene))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accedi/"), name


@pytest.mark.parametrize("role", [*ROLES, "stranger"])
def test_refused_actions_change_nothing(scene: Scene, client: Client, role: str) -> None:
    client.force_login(scene.world.users[role])
    for name, path, data, allowed in ACTIONS:
        if role in allowed:
            continue
        before = AuditEvent.objects.count()
        response = client.post(path(scene), data(scene))
        assert response.status_code in (302, 403, 404), (name, response.status_code)
        assert AuditEvent.objects.count() == before, f"{role} ha potuto eseguire {name}"


@pytest.mark.parametrize(
    ("action", "role"),
    [(name, role) for name, _, _, allowed in ACTIONS for role in sorted(allowed)],
)
def test_allowed_actions_are_recorded(scene: Scene, client: Client, action: str, role: str) -> None:
    _, path, data, _ = next(entry for entry in ACTIONS if entry[0] == action)
    client.force_login(scene.world.users[role])
    before = AuditEvent.objects.count()
    response = client.post(path(scene), data(scene))
    assert response.status_code in (200, 302), response.status_code
    assert AuditEvent.objects.count() > before, f"{role}: {action} non registrata"
