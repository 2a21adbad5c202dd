from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "cannocchiale.territory"
    label = "territory"
    verbose_name = "Contesto del territorio"
