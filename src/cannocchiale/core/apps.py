from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cannocchiale.core"
    label = "core"
    verbose_name = "Cannocchiale"
