"""The Django admin cannot change the cycle behind the services' back.

Saving a form there skipped every rule (an approved plan edited, a target's text changed with its
parsed form left stale, weights summing to 165.67, a role raised) and wrote no record of the change.
Domain models are read-only there; users are still managed there, roles on the audited page.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.models import AuditEvent
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import AnnualObjective, Plan, Target
from tests.web.helpers import World


@pytest.fixture
def superuser(world: World) -> AbstractUser:
    return get_user_model().objects.create_superuser(username="radice", password="x-radice-2018-x")


def _change_url(obj: Model) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def _form_data(client: Client, url: str, **changes: str) -> dict[str, str]:
    """What the change form would post, with `changes` applied: the exact attack a browser makes."""
    response = client.get(url)
    assert response.status_code == 200
    data: dict[str, str] = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, Model):
            value = value.pk
        data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


def _plan(w: World) -> Model:
    return Plan.objects.filter(organization=w.organization).order_by("pk")[0]


def _target(w: World) -> Model:
    return Target.objects.filter(indicator__plan__organization=w.organization).order_by("pk")[0]


def _weighted_objective(w: World) -> Model:
    return (
        AnnualObjective.objects.filter(plan__organization=w.organization)
        .exclude(weight=None)
        .order_by("pk")[0]
    )


def _measurement(w: World) -> Model:
    return Measurement.objects.filter(organization=w.organization).order_by("pk")[0]


def _office_role(w: World) -> Model:
    return Membership.objects.get(user=w.users["office"])


# (name, the object to attack, the field to change and its new value)
CASES: list[tuple[str, Callable[[World], Model], str, str]] = [
    ("plan", _plan, "title", "Piano riscritto"),
    ("target", _target, "text", ">= 1%"),
    ("annual_objective", _weighted_objective, "weight", "65.67"),
    ("measurement", _measurement, "value", "999999"),
    ("membership", _office_role, "role", Role.PLANNING_OFFICE),
]


@pytest.mark.parametrize(("name", "target", "field", "value"), CASES, ids=[c[0] for c in CASES])
def test_the_admin_refuses_to_change_domain_objects(
    world: World,
    superuser: AbstractUser,
    client: Client,
    name: str,
    target: Callable[[World], Model],
    field: str,
    value: str,
) -> None:
    obj = target(world)
    assert obj is not None, name
    client.force_login(superuser)
    url = _change_url(obj)
    before = type(obj).objects.filter(pk=obj.pk).values().get()
    events = AuditEvent.objects.count()

    response = client.post(url, _form_data(client, url, **{field: value}))

    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("name", "target", "field", "value"), CASES, ids=[c[0] for c in CASES])
def test_the_admin_refuses_to_add_or_delete_domain_objects(
    world: World,
    superuser: AbstractUser,
    client: Client,
    name: str,
    target: Callable[[World], Model],
    field: str,
    value: str,
) -> None:
    obj = target(world)
    meta = obj._meta
    client.force_login(superuser)
    count = type(obj).objects.count()
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(add).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert type(obj).objects.count() == count, bulk.status_code
    # Still readable: the administrator looks things up there.
    assert client.get(_change_url(obj)).status_code == 200
    assert client.get(changelist).status_code == 200


def test_every_domain_model_in_the_admin_is_read_only(
    world: World, superuser: AbstractUser, rf: object
) -> None:
    """Not only the five above: no model of the project's apps may be added, changed or deleted there."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = superuser
    writable = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("cannocchiale."):
            continue
        checks = [(model.__name__, model_admin.has_add_permission(request), model_admin)]
        for inline in model_admin.get_inline_instances(request):
            label = f"{model.__name__} → {inline.model.__name__}"
            checks.append((label, inline.has_add_permission(request, None), inline))  # type: ignore[arg-type]
        for label, may_add, checked in checks:
            if may_add:
                writable.append(f"{label}: add")
            if checked.has_change_permission(request, None):
                writable.append(f"{label}: change")
            if checked.has_delete_permission(request, None):
                writable.append(f"{label}: delete")
    assert writable == []


def test_users_are_still_managed_in_the_admin(world: World, superuser: AbstractUser, client: Client) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "nuovo", "password1": "Una-Password-Lunga-2018", "password2": "Una-Password-Lunga-2018"},
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="nuovo").exists()
