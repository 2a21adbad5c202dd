from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cannocchiale.audit"
    label = "audit"
    verbose_name = "Registro delle modifiche"
