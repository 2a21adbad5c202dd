"""`cannocchiale demo`: migrate, load the Lucca 2018 plan, create the sample users, serve on localhost.

The demo never destroys what it did not create: when the Lucca 2018 plan is already in the database
(perhaps approved, monitored, evaluated), it is kept as it is, and only what is missing is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from django.core.management import call_command
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.demo.measurements import demo_measurements_data, simulated_measurements_import
from cannocchiale.demo.users import demo_users_create
from cannocchiale.evaluation.individual_services import evaluations_open
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_text
from cannocchiale.monitoring.models import Measurement
from cannocchiale.monitoring.services import demo_round_open
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan
from cannocchiale.planning.selectors import plan_get, plan_in_force

DEMO_RESOURCE = "lucca_2018.yaml"
DEMO_EVALUATED_ROLES = ("secretary_general", "director")


def demo_document_text() -> str:
    return resources.files("cannocchiale.demo").joinpath(DEMO_RESOURCE).read_text("utf-8")


def demo_load(*, actor_name: str, report: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Prepare the demo; `actor_name` is the person running it, as the audit trail names them."""
    report(_("Preparazione del database (migrazioni)…"))
    call_command("migrate", interactive=False, verbosity=0)
    document = load_text(demo_document_text(), source=f"cannocchiale/demo/{DEMO_RESOURCE}")
    org_code, year = document.data["organization"]["code"], document.data["plan"]["year"]
    plan = _existing_plan(org_code, year)
    counts: dict[str, int] = {}
    simulated = 0
    if plan is None:
        report(_("Caricamento del Piano della performance 2018 della Camera di commercio di Lucca…"))
        result = plan_import(document=document, actor_name=actor_name)
        counts = result.counts
        report(", ".join(f"{name} {count}" for name, count in counts.items()))
        organization = Organization.objects.get(code=org_code)
        plan = plan_get(organization=organization, year=result.year, version=result.version)
    else:
        report(
            _(
                "Il Piano %(year)s dell'ente «%(org)s» è già nel database "
                "(versione %(version)s, %(status)s): resta com'è, con il suo monitoraggio, "
                "le rilevazioni e le valutazioni; si carica solo ciò che manca"
            )
            % {
                "year": year,
                "org": org_code,
                "version": plan.version,
                "status": plan.get_status_display().lower(),
            }
        )
    organization = plan.organization
    # The command line's access: whoever runs `demo load` acts as the installation's operator.
    system = Access.system(organization)
    # The simulated year of results only where the plan has no measurement at all: never over real ones.
    if not Measurement.objects.filter(indicator__plan=plan).exists():
        report(_("Caricamento delle rilevazioni 2018 simulate (dati simulati, non del Piano)…"))
        simulated = simulated_measurements_import(
            access=system, plan=plan, data=demo_measurements_data(), actor_name=actor_name
        )
    users = demo_users_create(organization=organization)
    report(_("Sistema di valutazione predefinito; schede di valutazione del Segretario generale e Dirigenti"))
    evaluations_open(
        organization=organization, year=year, actor=None, access=system, roles=DEMO_EVALUATED_ROLES
    )
    report(_("Apertura del monitoraggio al 30 giugno 2018…"))
    demo_round_open(access=system, plan=plan)
    return {
        "organization": org_code,
        "year": year,
        "counts": counts,
        "kept": not counts,
        "simulated_measurements": simulated,
        "users": [(spec.username, spec.full_name, password) for spec, password in users],
    }


def _existing_plan(org_code: str, year: int) -> Plan | None:
    """The version of the demo's plan the cycle runs on, when the database has one already."""
    organization = Organization.objects.filter(code=org_code).first()
    if organization is None:
        return None
    return plan_in_force(organization=organization, year=year)


def demo_serve(*, port: int) -> int:
    print(f"Cannocchiale in ascolto su http://127.0.0.1:{port}/ (Ctrl-C per fermare)", flush=True)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
    return 0
