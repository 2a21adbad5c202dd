"""The engine's one base error: every refusal of the pure engine (a target it cannot parse, a
policy it cannot apply, a formula that does not evaluate, a score that must not be computed).

It lives here, not in `core.errors`, because the engine imports nothing of Django nor of the
application; `core.errors.DOMAIN_ERRORS` joins it to the application's family, so that the web
and the command line map both in one place.
"""

from __future__ import annotations


class EngineError(ValueError):
    """A refusal of the engine; its message is Italian and says what is expected."""
