from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "cannocchiale.evaluation"
    label = "evaluation"
    verbose_name = "Valutazione"

    def ready(self) -> None:
        # The record of changes cannot import this app: the evaluation tells it what is private.
        from cannocchiale.audit.privacy import event_reader_register
        from cannocchiale.evaluation.audit_privacy import evaluation_event_readable

        event_reader_register(evaluation_event_readable)
