"""`cannocchiale demo`: migrate, load the Lucca 2018 plan, create the sample users, serve on localhost."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from django.core.management import call_command

from cannocchiale.demo.users import demo_users_create
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_text
from cannocchiale.organization.models import Organization

DEMO_RESOURCE = "lucca_2018.yaml"


def demo_document_text() -> str:
    return resources.files("cannocchiale.demo").joinpath(DEMO_RESOURCE).read_text("utf-8")


def demo_load(*, report: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    report("Preparazione del database (migrazioni)…")
    call_command("migrate", interactive=False, verbosity=0)
    report("Caricamento del Piano della performance 2018 della Camera di commercio di Lucca…")
    document = load_text(demo_document_text(), source=f"cannocchiale/demo/{DEMO_RESOURCE}")
    result = plan_import(document=document, replace=True)
    report(", ".join(f"{name} {count}" for name, count in result.counts.items()))
    organization = Organization.objects.get(code=result.organization_code)
    users = demo_users_create(organization=organization)
    return {
        "organization": result.organization_code,
        "year": result.year,
        "counts": result.counts,
        "users": [(spec.username, spec.full_name, password) for spec, password in users],
    }


def demo_serve(*, port: int) -> int:
    print(f"Cannocchiale in ascolto su http://127.0.0.1:{port}/ (Ctrl-C per fermare)", flush=True)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
    return 0
