"""One family of domain errors, mapped once to a CLI message (and later to HTTP and form errors)."""

from __future__ import annotations


class CannocchialeError(Exception):
    """An error a user can act on: its message says where and what is expected."""


class NotFoundError(CannocchialeError):
    pass


class ImportFailed(CannocchialeError):
    """A plan file was refused; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} errori: il file non è stato importato")
