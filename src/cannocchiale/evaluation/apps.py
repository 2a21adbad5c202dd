from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "cannocchiale.evaluation"
    label = "evaluation"
    verbose_name = "Valutazione"
