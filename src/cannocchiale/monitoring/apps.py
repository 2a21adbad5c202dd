from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "cannocchiale.monitoring"
    label = "monitoring"
    verbose_name = "Monitoraggio"
