"""Granting and revoking roles: the organization's administrator, on the roles page, with a record.

A role is a privilege: each grant and revocation is written to the record of changes with who, when,
and the role before and after (the same event the Membership signals record for a change made
anywhere else; recorded once). Nobody changes their own roles: a user cannot raise their own
privilege, nor leave the organization without an administrator by revoking their own.
A revoked role is deleted; what it was stays in the record of changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.services import acting_as, audit_record
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.organization.models import Organization, OrgUnit, Position

Actor = AbstractBaseUser | AnonymousUser | None


class RoleChangeRefused(CannocchialeError):
    """A grant or revocation that is not allowed; its message says why. Nothing was changed."""


def _check_may_change(access: Access, user_id: int) -> None:
    if not access.can_manage_users():
        raise RoleChangeRefused(_("Solo l'amministratore dell'ente può assegnare o revocare i ruoli."))
    if access.user_id is not None and user_id == access.user_id:
        raise RoleChangeRefused(
            _("Non puoi modificare i tuoi ruoli: chiedilo a un altro amministratore dell'ente.")
        )


def _scope_for(
    access: Access, role: str, position: Position | None, unit: OrgUnit | None
) -> tuple[Position | None, OrgUnit | None]:
    """The position or unit the role is tied to, checked to belong to this organization."""
    if role not in Role.values:
        raise RoleChangeRefused(_("Ruolo sconosciuto: scegli uno dei ruoli dell'elenco."))
    for scoped in (position, unit):
        if scoped is not None and scoped.organization_id != access.organization.pk:
            raise RoleChangeRefused(_("La posizione o l'unità scelta non appartiene a questo ente."))
    if role == Role.MANAGER:
        if position is None:
            raise RoleChangeRefused(
                _("Il ruolo di Segretario generale, Dirigente o PO richiede la posizione ricoperta.")
            )
        return position, None
    if role == Role.OFFICE:
        if unit is None:
            raise RoleChangeRefused(_("Il ruolo di ufficio richiede l'unità organizzativa."))
        return None, unit
    if position is not None or unit is not None:
        raise RoleChangeRefused(_("Questo ruolo vale per tutto l'ente: non indicare posizione né unità."))
    return None, None


def _lock_user(user_id: int) -> None:
    """Role changes of one user are serialized: the before/after of each record is then exact, and
    two simultaneous grants cannot create the same role twice (NULL scopes escape the unique key)."""
    get_user_model().objects.select_for_update().filter(pk=user_id).first()


def role_snapshot(membership: Membership) -> dict[str, Any]:
    """What the record keeps of a role: who, which role, where, whether active."""
    return {
        "user": membership.user.get_username(),
        "role": membership.role,
        "position": membership.position.code if membership.position is not None else None,
        "unit": membership.unit.code if membership.unit is not None else None,
        "active": membership.active,
    }


def membership_grant(
    *,
    access: Access,
    actor: Actor,
    user: AbstractBaseUser,
    role: str,
    position: Position | None = None,
    unit: OrgUnit | None = None,
) -> Membership:
    user_id = int(user.pk)
    _check_may_change(access, user_id)
    position, unit = _scope_for(access, role, position, unit)
    if not user.is_active:
        raise RoleChangeRefused(_("L'utente è disattivato: riattivalo prima di assegnargli un ruolo."))
    organization = access.organization
    with acting_as(actor), transaction.atomic():
        _lock_user(user_id)
        membership = (
            Membership.objects.select_related("user", "position", "unit")
            .filter(organization=organization, user_id=user_id, role=role, position=position, unit=unit)
            .first()
        )
        if membership is not None and membership.active:
            raise RoleChangeRefused(_("L'utente ha già questo ruolo."))
        before = role_snapshot(membership) if membership is not None else None
        if membership is None:
            membership = Membership.objects.create(
                organization=organization, user_id=user_id, role=role, position=position, unit=unit
            )
        else:
            membership.active = True
            membership.save(update_fields=["active"])
        audit_record(
            organization=organization,
            actor=actor,
            action="role.grant" if before is None else "role.change",
            object_type="accounts.Membership",
            object_id=str(membership.pk),
            object_repr=str(membership),
            before=before,
            after=role_snapshot(membership),
        )
    return membership


def membership_revoke(*, access: Access, actor: Actor, membership: Membership) -> None:
    if membership.organization_id != access.organization.pk:
        raise RoleChangeRefused(_("Questo ruolo non appartiene a questo ente."))
    _check_may_change(access, membership.user_id)
    organization = access.organization
    with acting_as(actor), transaction.atomic():
        _lock_user(membership.user_id)
        current = (
            Membership.objects.select_related("user", "position", "unit").filter(pk=membership.pk).first()
        )
        if current is None:
            raise RoleChangeRefused(_("Questo ruolo è già stato revocato."))
        object_id, before, words = str(current.pk), role_snapshot(current), str(current)
        current.delete()
        audit_record(
            organization=organization,
            actor=actor,
            action="role.revoke",
            object_type="accounts.Membership",
            object_id=object_id,
            object_repr=words,
            before=before,
            after=None,
        )


def administrator_appoint(
    *, access: Access, organization: Organization, user: AbstractBaseUser, actor_name: str
) -> Membership:
    """The organization's administrator appointed from the command line by whoever runs the server:
    the first one of a new organization (nobody holds the role yet to grant it on the roles page),
    or a new one when the last has left. Recorded with the person who ran the command."""
    access.require(
        access.is_system,
        organization_id=organization.pk,
        message=_("l'amministratore di un ente si nomina così solo dalla riga di comando"),
    )
    if not user.is_active:
        raise RoleChangeRefused(_("L'utente è disattivato: riattivalo prima di assegnargli un ruolo."))
    with transaction.atomic():
        _lock_user(int(user.pk))
        held = Membership.objects.filter(
            organization=organization, user_id=user.pk, role=Role.ADMIN, position=None, unit=None
        ).first()
        if held is not None and held.active:
            raise RoleChangeRefused(_("L'utente è già amministratore di questo ente."))
        before = role_snapshot(held) if held is not None else None
        if held is None:
            # bulk_create sends no post_save: this service writes the one record, naming the person
            # at the command line (a signal would know no author and write "sistema").
            [held] = Membership.objects.bulk_create(
                [Membership(organization=organization, user_id=user.pk, role=Role.ADMIN)]
            )
        else:
            Membership.objects.filter(pk=held.pk).update(active=True)
            held.active = True
        held = Membership.objects.select_related("user", "position", "unit").get(
            organization=organization, user_id=user.pk, role=Role.ADMIN, position=None, unit=None
        )
        audit_record(
            organization=organization,
            actor=None,
            actor_name=actor_name,
            action="role.grant" if before is None else "role.change",
            object_type="accounts.Membership",
            object_id=str(held.pk),
            object_repr=str(held),
            before=before,
            after=role_snapshot(held),
        )
    return held
