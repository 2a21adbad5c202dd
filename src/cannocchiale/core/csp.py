"""The Content-Security-Policy's script sources: the site's own files, inline scripts by nonce, and the
two inline scripts of the Bootstrap Italia base template (which we cannot give a nonce) by their hash.

The theme's scripts are read from its installed template, so an upgrade that changes them changes the
hashes with them; tests/core/test_settings_csp.py checks that every inline script of a rendered page is
allowed by the header, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

THEME_PACKAGE = "bootstrap_italia_template"
THEME_BASE = "bootstrap-italia-base.html"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_STATIC_TAG = re.compile(r"""\{%\s*django_bootstrap_italia_static_path\s+['"]([^'"]*)['"]\s*%\}""")


def script_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def theme_script_hashes(static_prefix: str) -> list[str]:
    """The hashes of the theme's inline scripts as they render with static files under `static_prefix`."""
    spec = importlib.util.find_spec(THEME_PACKAGE)
    if spec is None or spec.origin is None:
        return []
    template = Path(spec.origin).parent / "templates" / THEME_BASE
    text = template.read_text(encoding="utf-8")
    return [
        script_hash(_STATIC_TAG.sub(lambda match: static_prefix + match.group(1), body))
        for body in _INLINE_SCRIPT.findall(text)
    ]
