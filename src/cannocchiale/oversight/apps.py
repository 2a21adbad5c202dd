from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "cannocchiale.oversight"
    label = "oversight"
    verbose_name = "OIV: osservazioni e validazione"
