"""Every table that holds an organization's data carries the organization key."""

from __future__ import annotations

from django.apps import apps

# Tables that are not an organization's data, each with the reason.
NOT_TENANT_DATA = {
    "organization.Organization": "the tenant itself",
    "audit.AuditEvent": "kept after its organization is deleted; carries a nullable organization key",
    "audit.AuditChain": "the head of the audit chain, one per organization and one for events of none",
}
OUR_APPS = {"organization", "planning", "monitoring", "evaluation", "health", "audit", "core"}


def test_every_domain_table_has_an_organization_key() -> None:
    missing = []
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        if model._meta.app_label not in OUR_APPS or label in NOT_TENANT_DATA:
            continue
        field = next((f for f in model._meta.fields if f.name == "organization"), None)
        if field is None or field.null:
            missing.append(label)
    assert missing == []


def test_many_to_many_links_are_explicit_tenant_tables() -> None:
    implicit = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created  # type: ignore[union-attr]
    ]
    assert implicit == []
