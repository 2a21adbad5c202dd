from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "cannocchiale.health"
    label = "health"
    verbose_name = "Stato di salute"
