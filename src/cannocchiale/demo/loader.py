"""`cannocchiale demo`: migrate, load the Lucca 2018 plan, create the demo account, serve on localhost."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command

from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_text

DEMO_RESOURCE = "lucca_2018.yaml"
DEMO_USERNAME = "admin"
# A demo account on a demo database served on localhost only; a real installation creates its own users.
DEMO_PASSWORD_DEFAULT = "cannocchiale-demo"


def demo_document_text() -> str:
    return resources.files("cannocchiale.demo").joinpath(DEMO_RESOURCE).read_text("utf-8")


def demo_load(*, report: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    report("Preparazione del database (migrazioni)…")
    call_command("migrate", interactive=False, verbosity=0)
    report("Caricamento del Piano della performance 2018 della Camera di commercio di Lucca…")
    document = load_text(demo_document_text(), source=f"cannocchiale/demo/{DEMO_RESOURCE}")
    result = plan_import(document=document, replace=True)
    report(", ".join(f"{name} {count}" for name, count in result.counts.items()))
    password = os.environ.get("CANNOCCHIALE_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"email": "admin@example.invalid"}
    )
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    return {
        "organization": result.organization_code,
        "year": result.year,
        "counts": result.counts,
        "username": DEMO_USERNAME,
        "password": password,
    }


def demo_serve(*, port: int) -> int:
    print(f"Cannocchiale in ascolto su http://127.0.0.1:{port}/ (Ctrl-C per fermare)", flush=True)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
    return 0
