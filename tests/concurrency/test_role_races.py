"""Two grants of the same role at once (a double click, two administrators): one role, one record.

A role without a position or unit has NULL in both columns, which the unique constraint does not
compare: only the lock on the user's row stops the second grant from creating a duplicate."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cannocchiale.accounts import services
from cannocchiale.accounts.access import access_for
from cannocchiale.accounts.models import Membership, Role
from cannocchiale.accounts.services import RoleChangeRefused, membership_grant
from cannocchiale.audit.models import AuditEvent
from tests.concurrency.conftest import meeting_point, postgresql_only, run_together, wrap_after
from tests.web.helpers import World, make_user

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_grants_of_one_role_make_one_membership(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_admin = world.users["admin"]
    second_admin = make_user("amministratore-2", world.organization, Role.ADMIN)
    newcomer = get_user_model().objects.create_user(username="nuova")
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # Both writers meet once past the lock: without it, both would find no role and both create it.
    wrap_after(services, "_lock_user", monkeypatch, meeting_point(2))

    def grant(admin: object) -> object:
        return lambda: membership_grant(
            access=access_for(admin, world.organization),  # type: ignore[arg-type]
            actor=admin,  # type: ignore[arg-type]
            user=newcomer,
            role=Role.OIV,
        )

    outcomes = run_together(grant(first_admin), grant(second_admin))

    assert Membership.objects.filter(user=newcomer, organization=world.organization).count() == 1
    refused = [o.error for o in outcomes if o.error is not None]
    assert len(refused) == 1
    assert isinstance(refused[0], RoleChangeRefused)
    grants = AuditEvent.objects.filter(pk__gt=start, object_type="accounts.Membership")
    assert grants.count() == 1
