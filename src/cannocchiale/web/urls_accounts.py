"""The organization's roles, granted and revoked by its administrator."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views import roles

urlpatterns: list[URLPattern | URLResolver] = [
    path("ruoli/", roles.roles_page, name="roles"),
    path("ruoli/<int:pk>/revoca/", roles.role_revoke, name="role_revoke"),
]
