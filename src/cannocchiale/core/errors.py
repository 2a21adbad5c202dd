"""One family of domain errors, mapped once: to a CLI message (`cli.main`) and to an HTTP status,
a page or an htmx fragment (`core.error_mapping`).

What a refusal means decides its status: `NotFoundError` 404, `PermissionRefused` 403,
`StateConflict` (the object is not in the state the action needs, or changed meanwhile) 409,
anything else the user can correct 422. The engine's errors join the family through
`DOMAIN_ERRORS`: the engine does not import the application, so its base error is its own.
"""

from __future__ import annotations

from cannocchiale.engine.errors import EngineError


class CannocchialeError(Exception):
    """An error a user can act on: its message says where and what is expected."""


class NotFoundError(CannocchialeError):
    pass


class PermissionRefused(CannocchialeError):
    """The caller's access does not allow this action in this organization: nothing was changed."""


class StateConflict(CannocchialeError):
    """The object is not in the state the action needs (a plan no longer in draft, a round
    locked), or changed since it was read: nothing was changed."""


class ImportFailed(CannocchialeError):
    """A plan file was refused; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} errori: il file non è stato importato")


# Every error a person can act on, the application's and the engine's.
DOMAIN_ERRORS: tuple[type[Exception], ...] = (CannocchialeError, EngineError)
