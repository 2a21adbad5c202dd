from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "cannocchiale.simulation"
    label = "simulation"
    verbose_name = "Simulazione"
