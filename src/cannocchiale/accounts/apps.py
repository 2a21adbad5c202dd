from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cannocchiale.accounts"
    label = "accounts"
    verbose_name = "Utenti e ruoli"

    def ready(self) -> None:
        # Sign-ins and role changes go to the audit trail.
        from cannocchiale.accounts import signals  # noqa: F401
