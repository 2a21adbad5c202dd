from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "cannocchiale.organization"
    label = "organization"
    verbose_name = "Enti e struttura"
