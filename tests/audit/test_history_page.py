"""The history page shows what it can of a row of unexpected shape, flags it, and never answers 500."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cannocchiale.audit.chain import HASHED_FIELDS, event_hash
from cannocchiale.audit.models import AuditChain, AuditEvent
from cannocchiale.planning.models import Target
from tests.web.helpers import World


def _forged(world: World, target: Target, **fields: object) -> AuditEvent:
    """A row written straight into the table, at the end of the chain, with a well-formed hash."""
    head = AuditChain.objects.get(organization=world.organization)
    content: dict[str, object] = {
        "organization": world.organization,
        "actor_name": "qualcuno",
        "action": "target.update",
        "object_type": "planning.Target",
        "object_id": str(target.pk),
        "object_repr": "target forzato",
        "sequence": head.last_sequence + 1,
        "previous_hash": head.last_hash,
    }
    event = AuditEvent(**(content | fields))
    event.entry_hash = event_hash({name: getattr(event, name) for name in HASHED_FIELDS})
    AuditEvent.objects.bulk_create([event])
    return event


def _page(client: Client, world: World, target: Target) -> str:
    client.force_login(world.users["planning_office"])
    response = client.get(reverse("web:history", args=[world.organization.code, "target", target.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_list_where_a_dict_is_expected_is_shown_and_flagged(world: World, client: Client) -> None:
    target = Target.objects.filter(indicator__plan__organization=world.organization).first()
    assert target is not None
    _forged(world, target, before=["almeno 80", "non un dizionario"], after="solo testo")
    page = _page(client, world, target)
    assert "almeno 80" in page
    assert "solo testo" in page
    assert "forma inattesa" in page


def test_an_unknown_action_and_a_malformed_target_are_flagged(world: World, client: Client) -> None:
    target = Target.objects.filter(indicator__plan__organization=world.organization).first()
    assert target is not None
    _forged(
        world,
        target,
        action="zz.forged_action",
        before={"structured": {"kind": "nessuno"}, "text": {"annidato": [1, {"x": None}]}},
        after={"structured": ["non", "un", "target"]},
    )
    page = _page(client, world, target)
    assert "zz.forged_action" not in page
    assert "azione non riconosciuta" in page
    assert "forma inattesa" in page


def test_a_rewritten_row_is_flagged_on_the_page(world: World, client: Client) -> None:
    target = Target.objects.filter(indicator__plan__organization=world.organization).first()
    assert target is not None
    forged = _forged(world, target, before={"text": "almeno 1"}, after={"text": "almeno 2"})
    # The row's content changed after its hash was computed: what a forged UPDATE leaves.
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                **{
                    **{
                        f.attname: getattr(forged, f.attname)
                        for f in AuditEvent._meta.fields
                        if f.attname != "id"
                    },
                    "sequence": forged.sequence + 1,
                    "previous_hash": forged.entry_hash,
                    "actor_name": "un altro",
                }
            )
        ]
    )
    page = _page(client, world, target)
    assert "non corrisponde alla sua impronta" in page
