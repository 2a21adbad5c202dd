"""`cannocchiale roles grant-admin`: the first administrator of an organization, appointed by whoever
runs the server (nobody can yet grant the role on the roles page), recorded with that person."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.conftest import fixture_file

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.models import AuditEvent
from cannocchiale.cli.main import main
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file


@pytest.mark.django_db
def test_the_first_administrator_is_appointed_from_the_command_line(
    capsys: pytest.CaptureFixture[str], client: Client
) -> None:
    plan_import(document=load_file(fixture_file("minimal.yaml")))
    user = get_user_model().objects.create_user(username="mrossi", first_name="Mario", last_name="Rossi")
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    assert main(["roles", "grant-admin", "--org", "demo", "--user", "mrossi"]) == 0

    assert "amministratore" in capsys.readouterr().out
    assert Membership.objects.filter(
        user=user, organization__code="demo", role=Role.ADMIN, active=True
    ).exists()
    event = AuditEvent.objects.get(pk__gt=start, object_type="accounts.Membership")
    assert event.action == "role.grant"
    assert event.actor_name.endswith("(riga di comando)")
    client.force_login(user)
    assert client.get("/o/demo/ruoli/").status_code == 200

    # Again: refused, with words, and nothing new recorded.
    assert main(["roles", "grant-admin", "--org", "demo", "--user", "mrossi"]) == 1
    assert "già amministratore" in capsys.readouterr().err
    assert AuditEvent.objects.filter(pk__gt=start, object_type="accounts.Membership").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--org", "demo", "--user", "nessuno"], "nessun utente con il nome utente «nessuno»"),
        (["--org", "inesistente", "--user", "mrossi"], "ente «inesistente» non trovato"),
    ],
)
def test_an_unknown_user_or_organization_is_named(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    plan_import(document=load_file(fixture_file("minimal.yaml")))
    get_user_model().objects.create_user(username="mrossi")
    assert main(["roles", "grant-admin", *argv]) == 1
    assert words in capsys.readouterr().err
    assert not Membership.objects.filter(role=Role.ADMIN).exists()
