from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "cannocchiale.planning"
    label = "planning"
    verbose_name = "Pianificazione"
