"""Every writer takes the caller's `Access` as a required keyword and checks it itself.

A writer is a public function of a services module (`*/services.py`, `*_services.py`) or of any
other module of the domain whose body records an audit event: pages, the command line and the
demo all change data through them, so the rule must not depend on the caller. A function that
writes nothing, or writes only what no person asks for, is listed below with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import FunctionType, ModuleType

import cannocchiale

# Packages that are not the domain: the callers (web, cli), the pure engine, the schema.
NOT_DOMAIN = ("cannocchiale.web", "cannocchiale.cli", "cannocchiale.engine", "cannocchiale.settings")

# (module, function): why it needs no Access.
EXEMPT: dict[tuple[str, str], str] = {
    (
        "cannocchiale.accounts.services",
        "role_snapshot",
    ): "reads a membership for the audit record; writes nothing",
    (
        "cannocchiale.audit.services",
        "acting_as",
    ): "the audit trail's own machinery: who writes is decided by its callers",
    (
        "cannocchiale.audit.services",
        "audit_access",
    ): "the audit trail's own machinery: who writes is decided by its callers",
    (
        "cannocchiale.audit.services",
        "audit_purge_allow",
    ): "the audit trail's own machinery: who writes is decided by its callers",
    (
        "cannocchiale.audit.services",
        "audit_record",
    ): "the audit trail's own machinery: who writes is decided by its callers",
    (
        "cannocchiale.audit.services",
        "audit_record_from_signal",
    ): "the audit trail's own machinery: who writes is decided by its callers",
    (
        "cannocchiale.evaluation.batch",
        "batch_score",
    ): "stored figures derived from the data, for whoever reads them; no person's change",
    ("cannocchiale.evaluation.individual_services", "evaluator_of"): "a lookup: writes nothing",
    ("cannocchiale.evaluation.policy_services", "policy_settings"): "a pure helper: writes nothing",
    (
        "cannocchiale.evaluation.services",
        "attach_measurements",
    ): "the scoring reads (the module writes nothing)",
    (
        "cannocchiale.evaluation.services",
        "cascade_objectives",
    ): "the scoring reads (the module writes nothing)",
    ("cannocchiale.evaluation.services", "load_plan_inputs"): "the scoring reads (the module writes nothing)",
    ("cannocchiale.evaluation.services", "objective_node"): "the scoring reads (the module writes nothing)",
    ("cannocchiale.evaluation.services", "plan_score"): "the scoring reads (the module writes nothing)",
    (
        "cannocchiale.evaluation.services",
        "rollup_plan_inputs",
    ): "the scoring reads (the module writes nothing)",
    (
        "cannocchiale.evaluation.services",
        "score_indicator_input",
    ): "the scoring reads (the module writes nothing)",
    (
        "cannocchiale.evaluation.services",
        "score_plan_inputs",
    ): "the scoring reads (the module writes nothing)",
    (
        "cannocchiale.health.services",
        "format_health_value",
    ): "the health report reads (the module writes nothing)",
    ("cannocchiale.health.services", "health_report"): "the health report reads (the module writes nothing)",
    ("cannocchiale.monitoring.services", "check_evidence"): "a pure check of uploaded files: writes nothing",
    ("cannocchiale.monitoring.services", "measurement_assess"): "a preview of the score: writes nothing",
    (
        "cannocchiale.monitoring.services",
        "measurement_deviates",
    ): "the policy's decision on a score: writes nothing",
    ("cannocchiale.planning.cascade_services", "complexity_coefficient"): "a pure helper: writes nothing",
    ("cannocchiale.planning.cascade_services", "weights_total"): "a pure helper: writes nothing",
    (
        "cannocchiale.reports.services",
        "document_claim",
    ): "the document worker's step, after `document_request` checked the access",
    (
        "cannocchiale.reports.services",
        "document_produce",
    ): "the document worker's step, after `document_request` checked the access",
    (
        "cannocchiale.reports.services",
        "document_run",
    ): "the document worker's step, after `document_request` checked the access",
    (
        "cannocchiale.monitoring.reminders",
        "reminders_send",
    ): "the scheduled reminders: mail of the system, no data of the cycle changed",
    ("cannocchiale.simulation.services", "simulated_organizations"): "a lookup: writes nothing",
    ("cannocchiale.interchange.importer", "plan_import"): (
        "the file names its organization, which the import may create: no Access exists before it; "
        "its callers (the command line, `plan_revise`) hold theirs"
    ),
    ("cannocchiale.simulation.services", "simulation_create"): (
        "installation-wide: replaces every simulated organization (benchmarks, `simulate`); "
        "no organization exists to hold an Access"
    ),
}


def _domain_modules() -> list[ModuleType]:
    modules = []
    for info in pkgutil.walk_packages(cannocchiale.__path__, prefix="cannocchiale."):
        name = info.name
        if name.startswith(NOT_DOMAIN) or ".migrations" in name or ".management" in name:
            continue
        modules.append(importlib.import_module(name))
    return modules


def _is_services(module: ModuleType) -> bool:
    leaf = module.__name__.rsplit(".", 1)[-1]
    return leaf == "services" or leaf.endswith("_services")


def _writes(function: FunctionType) -> bool:
    try:
        source = inspect.getsource(function)
    except OSError:
        return False
    return "audit_record(" in source


def writers() -> list[tuple[str, str, FunctionType]]:
    found = []
    for module in _domain_modules():
        for name, function in vars(module).items():
            if name.startswith("_") or not isinstance(function, FunctionType):
                continue
            if function.__module__ != module.__name__:
                continue  # imported, judged where it is defined
            if _is_services(module) or _writes(function):
                found.append((module.__name__, name, function))
    return found


def _takes_required_access(function: FunctionType) -> bool:
    parameter = inspect.signature(function).parameters.get("access")
    return (
        parameter is not None
        and parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is inspect.Parameter.empty
    )


def test_every_writer_takes_a_required_keyword_access() -> None:
    missing = sorted(
        f"{module}.{name}"
        for module, name, function in writers()
        if (module, name) not in EXEMPT and not _takes_required_access(function)
    )
    assert missing == [], "writers without a required keyword-only `access`:\n" + "\n".join(missing)


def test_no_exemption_is_for_a_writer_that_takes_an_access() -> None:
    found = {(module, name): function for module, name, function in writers()}
    stale = sorted(
        f"{m}.{n}" for m, n in EXEMPT if (m, n) not in found or _takes_required_access(found[(m, n)])
    )
    assert stale == [], "exempt but gone or already taking an Access: " + ", ".join(stale)
