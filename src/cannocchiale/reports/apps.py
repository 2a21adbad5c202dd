from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cannocchiale.reports"
    label = "reports"
    verbose_name = "Documenti"
