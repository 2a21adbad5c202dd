"""`cannocchiale demo`: migrate, load the Lucca 2018 plan, create the sample users, serve on localhost."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from django.core.management import call_command

from cannocchiale.demo.measurements import demo_measurements_data, simulated_measurements_import
from cannocchiale.demo.users import demo_users_create
from cannocchiale.evaluation.individual_services import evaluations_open
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_text
from cannocchiale.monitoring.services import demo_round_open
from cannocchiale.organization.models import Organization
from cannocchiale.planning.selectors import plan_get

DEMO_RESOURCE = "lucca_2018.yaml"
DEMO_EVALUATED_ROLES = ("secretary_general", "director")


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
    report("Caricamento delle rilevazioni 2018 simulate (dati simulati, non del Piano)…")
    plan = plan_get(organization=organization, year=result.year, version=result.version)
    simulated = simulated_measurements_import(plan=plan, data=demo_measurements_data())
    users = demo_users_create(organization=organization)
    report("Sistema di valutazione predefinito; schede di valutazione del Segretario generale e Dirigenti")
    evaluations_open(organization=organization, year=result.year, actor=None, roles=DEMO_EVALUATED_ROLES)
    report("Apertura del monitoraggio al 30 giugno 2018…")
    demo_round_open(plan=plan)
    return {
        "organization": result.organization_code,
        "year": result.year,
        "counts": result.counts,
        "simulated_measurements": simulated,
        "users": [(spec.username, spec.full_name, password) for spec, password in users],
    }


def demo_serve(*, port: int) -> int:
    print(f"Cannocchiale in ascolto su http://127.0.0.1:{port}/ (Ctrl-C per fermare)", flush=True)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
    return 0
