from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cannocchiale.web"
    label = "web"
    verbose_name = "Sito"
