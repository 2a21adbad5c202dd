"""Changing one's own password: Django's view and its checks (the old password, the validators), with
the project's pages. The session stays signed in; other sessions of the user end."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.urls import reverse_lazy


class PasswordForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


password_change = auth_views.PasswordChangeView.as_view(
    form_class=PasswordForm,
    template_name="web/accounts/password_change.html",
    success_url=reverse_lazy("web:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="web/accounts/password_change_done.html"
)
