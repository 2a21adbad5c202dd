"""The audit trail becomes a hash chain per organization, append-only on PostgreSQL.

Existing events are chained in the order they were recorded (time, then id), so an installation
that already has a history verifies after this migration.
"""

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from cannocchiale.audit.chain import HASHED_FIELDS, event_hash, scope_of

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    -- Whole chains of deleted simulated organizations: see audit.services.audit_purge_allowed.
    IF TG_OP = 'DELETE' AND current_setting('cannocchiale.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'il registro delle modifiche non si modifica e non si cancella (% rifiutato)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
DROP_APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def chain_existing_events(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChain = apps.get_model("audit", "AuditChain")
    heads: dict[int | None, tuple[int, str]] = {}
    for event in AuditEvent.objects.order_by("at", "id").iterator(chunk_size=2000):
        sequence, previous = heads.get(event.organization_id, (0, ""))
        event.sequence, event.previous_hash = sequence + 1, previous
        event.entry_hash = event_hash({name: getattr(event, name) for name in HASHED_FIELDS})
        event.save(update_fields=["sequence", "previous_hash", "entry_hash"])
        heads[event.organization_id] = (event.sequence, event.entry_hash)
    Organization = apps.get_model("organization", "Organization")
    existing = set(Organization.objects.values_list("pk", flat=True))
    for organization_id, (sequence, last) in heads.items():
        AuditChain.objects.create(
            scope=scope_of(organization_id),
            organization_id=organization_id if organization_id in existing else None,
            last_sequence=sequence,
            last_hash=last,
        )


def append_only(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # A cursor without parameters: the message's `%` is PL/pgSQL's placeholder, not psycopg's.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(APPEND_ONLY_SQL)


def not_append_only(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("organization", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="organization",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organization.organization",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="quando"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="category",
            field=models.CharField(
                choices=[("change", "modifica"), ("access", "accesso")], default="change", max_length=10
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True, verbose_name="numero"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="entry_hash",
            field=models.CharField(default="", max_length=64, verbose_name="impronta"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChain",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope", models.CharField(max_length=20, unique=True)),
                ("last_sequence", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(blank=True, max_length=64)),
                (
                    "organization",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organization.organization",
                    ),
                ),
            ],
            options={"verbose_name": "catena del registro", "verbose_name_plural": "catene del registro"},
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(verbose_name="numero"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("organization", "sequence"), name="audit_chain_sequence"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organization__isnull", True)),
                fields=("sequence",),
                name="audit_global_chain_sequence",
            ),
        ),
        migrations.RunPython(append_only, not_append_only),
    ]
