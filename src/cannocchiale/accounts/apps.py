from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cannocchiale.accounts"
    label = "accounts"
    verbose_name = "Utenti e ruoli"
