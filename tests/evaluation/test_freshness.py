"""Freshness known, not inferred: a plan's data version and the engine's rules version beside the
stored figures (evaluation/freshness.py). No audit event makes figures stale or fresh; a GET never
writes; a change of the rules is rescored by `cannocchiale rescore`."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World, build_world

from cannocchiale import engine
from cannocchiale.audit import services as audit_services
from cannocchiale.cli.main import main
from cannocchiale.evaluation import batch
from cannocchiale.evaluation.batch import CURRENT, current_scores, plan_rescore
from cannocchiale.evaluation.models import ComputedScore, ScoreState
from cannocchiale.evaluation.services import plan_score
from cannocchiale.monitoring import services as monitoring_services
from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from cannocchiale.oversight.services import comment_add
from cannocchiale.planning.models import Plan, StrategicObjective

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def the_plan(world: World) -> Plan:
    return Plan.objects.get(organization=world.organization, year=2018)


def live(plan: Plan) -> dict[tuple[str, str], Any]:
    scores = plan_score(plan=plan)
    items = [*scores.indicators, *scores.projects, *scores.strategic_objectives, *scores.areas]
    items += [scores.plan_score] if scores.plan_score else []
    items += [*scores.annual_objectives, *scores.assignees]
    return {(i.kind, i.key): (i.score.achievement, i.score.status) for i in items}


def read(plan: Plan) -> dict[tuple[str, str], Any]:
    return {key: (s.achievement, s.status) for key, s in current_scores(plan).items()}


def stored_rows(plan: Plan) -> list[tuple[Any, ...]]:
    return list(
        ComputedScore.objects.filter(plan=plan, as_of=CURRENT)
        .order_by("pk")
        .values_list("pk", "subject_type", "subject_code", "computed_at")
    )


def enter(world: World, code: str, value: str) -> None:
    measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=submission(june_round(world), code),
        data=MeasurementInput(value=Decimal(value), explanation="Personale ridotto", action="Task force"),
    )


def test_a_measurement_moves_the_figures_even_if_its_audit_event_were_never_written(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    plan = the_plan(world)
    plan_rescore(plan)
    before = read(plan)
    # The probe: the writer's audit record skipped. Freshness must not hang on it.
    monkeypatch.setattr(monitoring_services, "audit_record", lambda **kwargs: None)
    monkeypatch.setattr(audit_services, "audit_record", lambda **kwargs: None)
    round_ = june_round(world)
    with django_capture_on_commit_callbacks(execute=False):
        measurement_submit(
            access=access(world, "office"),
            actor=world.users["office"],
            submission=submission(round_, "1A0101.1"),
            data=MeasurementInput(value=Decimal("72"), explanation="Personale ridotto", action="Task force"),
        )
    # Before the rescoring after the commit has run, a reader already sees the new figures.
    assert read(plan) != before
    assert read(plan) == live(plan)


def test_after_the_commit_the_measurement_is_stored_and_read_back_fresh(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan = the_plan(world)
    plan_rescore(plan)
    with django_capture_on_commit_callbacks(execute=True):
        enter(world, "1A0101.1", "72")
    state = ScoreState.objects.get(plan=plan)
    plan.refresh_from_db()
    assert (state.data_version, state.rules_version) == (plan.data_version, engine.RULES_VERSION)
    row = ComputedScore.objects.get(
        plan=plan, as_of=CURRENT, subject_type="indicator", subject_code="1A0101.1"
    )
    assert row.achievement == Decimal(80)
    assert read(plan) == live(plan)


def test_a_comment_does_not_force_a_rescore(world: World, django_capture_on_commit_callbacks: Any) -> None:
    plan = the_plan(world)
    plan_rescore(plan)
    rows, version = stored_rows(plan), Plan.objects.get(pk=plan.pk).data_version
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(
            access=access(world, "oiv"),
            plan=plan,
            subject_type="plan",
            text="Osservazione dell'OIV sul piano",
            actor=world.users["oiv"],
        )
    read(plan)
    assert Plan.objects.get(pk=plan.pk).data_version == version
    assert stored_rows(plan) == rows  # same ids, same computed_at: nothing rewritten


def _writes(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.IGNORECASE)]


# Writes of the authentication stack a GET may make, and why they are not the application's:
# the session row (django_session) is saved when the session changes (login, the idle-timeout
# renewal), and the user's last_login when logging in. Nothing else may be written.
AUTH_TABLES = ("django_session", "auth_user")


def _app_writes(queries: list[dict[str, str]]) -> list[str]:
    return [sql for sql in _writes(queries) if not any(f'"{t}"' in sql for t in AUTH_TABLES)]


def get_urls(world: World) -> list[str]:
    """Every GET page of the organization's 2018 plan the URL configuration can name without an
    object id, plus the sheets of one objective and one project."""
    org = world.organization.code
    objective = StrategicObjective.objects.filter(plan=the_plan(world)).order_by("pk").first()
    assert objective is not None
    fill = {"org": org, "year": "2018", "code": objective.code}
    urls: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                names = re.findall(r"<(?:\w+:)?(\w+)>", route)
                if all(n in fill for n in names) and "progetti" not in route:
                    urls.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: fill[m.group(1)], route))

    walk(get_resolver().url_patterns, "")
    return sorted({u for u in urls if f"/o/{org}/" in u})


@pytest.mark.parametrize("fresh", [False, True], ids=["stored-figures-stale", "stored-figures-fresh"])
def test_get_requests_write_nothing(world: World, fresh: bool) -> None:
    plan = the_plan(world)
    if fresh:
        plan_rescore(plan)
    urls = get_urls(world)
    # The main pages are among them: the generic walk must not have lost them.
    for page in ("albero", "punteggi", "monitoraggio", "documenti", "obiettivi"):
        assert any(f"/{page}/" in u for u in urls), page
    written: dict[str, list[str]] = {}
    for role in ("oiv", "planning_office"):
        client = Client()
        client.force_login(world.users[role])
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code < 500, url
            if _app_writes(ctx.captured_queries):
                written[f"{role} {url}"] = _app_writes(ctx.captured_queries)
    assert written == {}


def test_a_new_rules_version_is_computed_on_reading_and_stored_by_rescore(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = the_plan(world)
    plan_rescore(plan)
    rows = stored_rows(plan)
    monkeypatch.setattr(engine, "RULES_VERSION", engine.RULES_VERSION + 1)
    from cannocchiale.evaluation import freshness

    monkeypatch.setattr(freshness, "RULES_VERSION", engine.RULES_VERSION)
    # A rule "changed": the stored figures are no longer trusted, the page computes fresh ones.
    calls: list[int] = []
    original = batch.load_plan_inputs
    monkeypatch.setattr(batch, "load_plan_inputs", lambda plans: calls.append(1) or original(plans))
    assert read(plan) == live(plan)
    assert calls, "the stale figures were read back instead of computed"
    assert stored_rows(plan) == rows  # and the reading wrote nothing

    assert main(["rescore", "--org", world.organization.code]) == 0
    out = capsys.readouterr().out
    assert "ricalcolato" in out
    state = ScoreState.objects.get(plan=plan)
    assert state.rules_version == engine.RULES_VERSION
    calls.clear()
    assert read(plan) == live(plan)
    assert not calls  # fresh again: read back

    assert main(["rescore", "--org", world.organization.code]) == 0
    assert "0 piani ricalcolati" in capsys.readouterr().out
    assert main(["rescore", "--all", "--force"]) == 0
    assert "già aggiornato" not in capsys.readouterr().out
