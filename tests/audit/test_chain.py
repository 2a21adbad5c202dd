"""The audit trail is a hash chain per organization: a forged, removed or added row is found and named."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from cannocchiale.audit.models import AuditChain, AuditEvent
from cannocchiale.audit.services import audit_record
from cannocchiale.audit.verification import chain_verify
from cannocchiale.cli.main import main
from cannocchiale.organization.models import Organization

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


def _record(organization: Organization | None, n: int) -> list[AuditEvent]:
    return [
        audit_record(
            organization=organization,
            actor=None,
            action="target.update",
            object_type="planning.Target",
            object_id=str(i),
            object_repr=f"target {i}",
            before={"text": f"almeno {i}", "nested": {"b": [1, 2], "a": (3,)}},
            after={"text": f"almeno {i + 1}", 7: "chiave numerica"},
        )
        for i in range(n)
    ]


def _forge(sql: str, params: list[object]) -> None:
    """What someone with write access to the database does; on PostgreSQL the owner may first switch
    the trigger off, and the chain must still tell."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


@pytest.fixture
def organization(db: None) -> Organization:
    return Organization.objects.create(code="ente-a", name="Ente A")


def test_events_are_numbered_and_chained_per_organization(organization: Organization) -> None:
    other = Organization.objects.create(code="ente-b", name="Ente B")
    mine, theirs, nobody = _record(organization, 3), _record(other, 2), _record(None, 2)
    assert [e.sequence for e in mine] == [1, 2, 3]
    assert [e.sequence for e in theirs] == [1, 2]
    assert [e.sequence for e in nobody] == [1, 2]
    assert mine[1].previous_hash == mine[0].entry_hash
    assert theirs[0].previous_hash == ""
    result = chain_verify()
    assert result.broken == []
    assert result.events == 7
    assert AuditChain.objects.get(scope=str(organization.pk)).last_hash == mine[-1].entry_hash


def test_verify_passes_with_a_one_line_summary(organization: Organization, capsys) -> None:  # type: ignore[no-untyped-def]
    _record(organization, 3)
    assert main(["audit", "verify"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["registro integro: 3 eventi in 1 catene"]
    assert main(["audit", "verify", "--org", "ente-a"]) == 0
    assert "3 eventi dell'ente «ente-a»" in capsys.readouterr().out


def test_a_forged_update_is_named(organization: Organization, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _record(organization, 4)
    _forge("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["qualcun altro", events[1].pk])
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "ente «ente-a», evento n. 2" in err
    assert f"riga {events[1].pk}" in err
    assert "modificato" in err
    assert "1 eventi precedenti sono integri" in err


def test_a_forged_change_of_the_json_content_is_named(organization: Organization) -> None:
    events = _record(organization, 3)
    _forge(
        "UPDATE audit_auditevent SET after = %s WHERE id = %s",
        ['{"text": "almeno 99", "7": "chiave numerica"}', events[2].pk],
    )
    broken = chain_verify().broken[0].broken
    assert broken is not None
    assert (broken.kind, broken.sequence, broken.event_id) == ("modificato", 3, events[2].pk)


def test_a_rehashed_forgery_is_named_by_the_next_link(organization: Organization) -> None:
    """The forger recomputes the row's own hash: the next event still names the old one, so the
    rewritten row is found all the same."""
    from cannocchiale.audit.chain import HASHED_FIELDS, event_hash

    events = _record(organization, 3)
    row = AuditEvent.objects.values("id", "entry_hash", *HASHED_FIELDS).get(pk=events[1].pk)
    row["actor_name"] = "qualcun altro"
    _forge(
        "UPDATE audit_auditevent SET actor_name = %s, entry_hash = %s WHERE id = %s",
        ["qualcun altro", event_hash(row), events[1].pk],
    )
    broken = chain_verify().broken[0].broken
    assert broken is not None
    assert (broken.kind, broken.sequence, broken.event_id) == ("modificato", 2, events[1].pk)


def test_a_deleted_row_is_named(organization: Organization, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _record(organization, 4)
    _forge("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    assert main(["audit", "verify", "--org", "ente-a"]) == 1
    err = capsys.readouterr().err
    assert "evento n. 2" in err
    assert "mancante" in err
    assert "l'evento n. 2 non c'è più" in err


def test_deleting_the_newest_rows_shows_against_the_head(organization: Organization) -> None:
    events = _record(organization, 4)
    _forge("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[2].pk, events[3].pk])
    broken = chain_verify().broken[0].broken
    assert broken is not None
    assert (broken.kind, broken.sequence) == ("mancante", 3)


def test_an_inserted_row_is_named(organization: Organization) -> None:
    """A row added behind the service's back, even with a well-formed hash, is not the chain's."""
    from cannocchiale.audit.chain import HASHED_FIELDS, event_hash

    events = _record(organization, 2)
    forged = AuditEvent(
        organization=organization,
        actor_name="programmazione",
        action="plan.approve",
        object_type="planning.Plan",
        object_id="1",
        sequence=3,
        previous_hash=events[-1].entry_hash,
    )
    forged.entry_hash = event_hash({name: getattr(forged, name) for name in HASHED_FIELDS})
    AuditEvent.objects.bulk_create([forged])
    broken = chain_verify().broken[0].broken
    assert broken is not None
    assert (broken.kind, broken.sequence) == ("inserito", 3)


def test_a_removed_chain_head_shows(organization: Organization) -> None:
    _record(organization, 2)
    AuditChain.objects.filter(organization=organization).delete()
    broken = chain_verify().broken[0].broken
    assert broken is not None
    assert broken.kind == "inserito"


def test_deleting_an_organization_or_a_user_keeps_its_chain_intact(organization: Organization) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="ex-dipendente")
    audit_record(organization=organization, actor=user, action="plan.approve", object_type="planning.Plan")
    _record(organization, 1)
    user.delete()
    organization.delete()
    result = chain_verify()
    assert result.broken == []
    assert result.events == 2


@postgresql_only
def test_the_database_refuses_a_raw_update(organization: Organization) -> None:
    event = _record(organization, 1)[0]
    with (
        pytest.raises(DatabaseError, match="non si modifica"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute("UPDATE audit_auditevent SET actor_name = 'altro' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "sistema"


@postgresql_only
def test_the_database_refuses_a_raw_delete(organization: Organization) -> None:
    event = _record(organization, 1)[0]
    with pytest.raises(DatabaseError, match="non si modifica"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgresql_only
def test_an_orm_update_is_refused_too(organization: Organization) -> None:
    event = _record(organization, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="ritoccato")
