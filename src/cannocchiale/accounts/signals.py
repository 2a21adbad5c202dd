"""What the audit trail records about accounts: sign-ins, failed sign-ins, lockouts, and every change
of a role (a Membership created, changed or removed anywhere through the ORM: a page, the Django
admin, a command), with its author when a request names one."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from cannocchiale.accounts.models import Membership
from cannocchiale.accounts.services import role_snapshot
from cannocchiale.audit.models import AuditEvent
from cannocchiale.audit.services import audit_record, audit_record_from_signal
from cannocchiale.organization.models import Organization

USERNAME_LIMIT = 150  # Django's own limit for a username: longer attempts are cut, not stored whole


def _client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # django-axes has worked out the client's address (behind a proxy too, as configured).
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")


def _sign_in_event(action: str, username: str, request: HttpRequest | None, user: Any = None) -> None:
    audit_record(
        organization=None,
        actor=user,
        actor_name="" if user is not None else "anonimo",
        action=action,
        category=AuditEvent.Category.ACCESS,
        object_type="auth.User",
        object_id=str(user.pk) if user is not None else "",
        object_repr=username[:USERNAME_LIMIT],
        after={"username": username[:USERNAME_LIMIT], "address": _client_address(request)},
    )


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def sign_in_recorded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _sign_in_event("auth.sign_in", user.get_username(), request, user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failure_recorded(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # `credentials` comes with the password already masked by Django; only the username is kept.
    _sign_in_event("auth.sign_in_failed", str(credentials.get("username") or ""), request)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def lockout_recorded(sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any) -> None:
    _sign_in_event("auth.locked_out", str(username or ""), request)


def _role_event(membership: Membership, action: str, before: Any, after: Any) -> None:
    audit_record_from_signal(
        organization=Organization.objects.filter(pk=membership.organization_id).first(),
        action=action,
        object_type="accounts.Membership",
        object_id=str(membership.pk),
        object_repr=str(membership)[:500],
        before=before,
        after=after,
    )


@receiver(pre_save, sender=Membership, dispatch_uid="audit_role_before")
def role_before_kept(sender: Any, instance: Membership, **kwargs: Any) -> None:
    stored = (
        Membership.objects.select_related("user", "position", "unit").filter(pk=instance.pk).first()
        if instance.pk
        else None
    )
    instance._audit_before = role_snapshot(stored) if stored is not None else None  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership, dispatch_uid="audit_role_saved")
def role_saved_recorded(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    before = None if created else getattr(instance, "_audit_before", None)
    after = role_snapshot(instance)
    if before == after:
        return  # saved unchanged: nothing granted, nothing taken away
    _role_event(instance, "role.grant" if before is None else "role.change", before, after)


@receiver(post_delete, sender=Membership, dispatch_uid="audit_role_deleted")
def role_deleted_recorded(sender: Any, instance: Membership, origin: Any = None, **kwargs: Any) -> None:
    # Removed with its whole organization: there is no organization left to record it in.
    if isinstance(origin, Organization) or getattr(origin, "model", None) is Organization:
        return
    try:
        before = role_snapshot(instance)
    except ObjectDoesNotExist:  # its user or position went in the same deletion: what is left of it
        before = {"role": instance.role, "active": instance.active}
    _role_event(instance, "role.revoke", before, None)


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The username django-axes counts attempts by (`AXES_USERNAME_CALLABLE`), cut to Django's limit:
    axes stores it in a column of 255 characters, and a longer one posted by an attacker would
    otherwise fail the sign-in with a server error on PostgreSQL."""
    if credentials:
        username = credentials.get("username")
    else:
        username = request.POST.get("username") if request is not None else None
    return str(username or "")[:USERNAME_LIMIT]
