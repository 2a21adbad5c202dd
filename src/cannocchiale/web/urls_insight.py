"""Insight: scores explained and the stato di salute."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views import health_page, scores

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:year>/punteggi/", scores.scores, name="scores"),
    path(
        "<int:year>/punteggi/<str:subject_type>/<str:code>/",
        scores.score_explain,
        name="score_explain",
    ),
    path("<int:year>/salute/", health_page.health, name="health"),
]
