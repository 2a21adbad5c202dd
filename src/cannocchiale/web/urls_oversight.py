"""The OIV's area: comments on the plan and the validation of the Relazione."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views import oversight

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:year>/oiv/", oversight.oversight_page, name="oversight"),
    path("<int:year>/oiv/validazione/", oversight.validation_submit, name="oversight_validate"),
    path("<int:year>/osservazioni/<int:pk>/risolvi/", oversight.comment_resolve_view, name="comment_resolve"),
    path("<int:year>/osservazioni/<str:subject_type>/", oversight.comments_panel, name="comments_panel_plan"),
    path(
        "<int:year>/osservazioni/<str:subject_type>/<str:code>/",
        oversight.comments_panel,
        name="comments_panel",
    ),
]
