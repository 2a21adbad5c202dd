"""Which recorded changes a person may read in detail, as the apps that own the data decide.

The record of changes sits below every app, so it cannot ask them: each app whose events carry
personal data registers its check here when it is loaded (`AppConfig.ready`), and the admin asks
all of them. An event no check objects to is readable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from cannocchiale.audit.models import AuditEvent

ReadableCheck = Callable[[AbstractBaseUser | AnonymousUser, AuditEvent], bool]

_checks: list[ReadableCheck] = []


def event_reader_register(check: ReadableCheck) -> None:
    """Add a check; registering the same one twice (a reloaded app) keeps one."""
    if check not in _checks:
        _checks.append(check)


def event_readable(user: AbstractBaseUser | AnonymousUser, event: AuditEvent) -> bool:
    return all(check(user, event) for check in _checks)
