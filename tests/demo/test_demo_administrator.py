"""The demo's administrator of Lucca is a membership with the administrator's role, not a superuser:
it manages Lucca's roles and reads nothing of another organization."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.demo.users import demo_users_create
from cannocchiale.interchange.importer import ImportResult, plan_import
from cannocchiale.interchange.yaml_io import load_file
from cannocchiale.organization.models import Organization
from tests.conftest import fixture_file


def test_the_demo_administrator_is_no_superuser(lucca_import: ImportResult, client: Client) -> None:
    lucca = Organization.objects.get(code="lucca")
    # A superuser left by an earlier demo is brought back to an ordinary user.
    get_user_model().objects.create_superuser(username="admin", password="vecchia-password-2017")
    demo_users_create(organization=lucca)
    plan_import(document=load_file(fixture_file("minimal.yaml")))

    admin = get_user_model().objects.get(username="admin")
    assert not admin.is_superuser
    assert not admin.is_staff
    assert list(Membership.objects.filter(user=admin).values_list("organization__code", "role")) == [
        ("lucca", Role.ADMIN)
    ]
    client.force_login(admin)
    assert client.get("/o/lucca/ruoli/").status_code == 200
    for path in ("/o/demo/", "/o/demo/2018/albero/", "/o/demo/2018/documenti/"):
        assert client.get(path).status_code == 404, path
