"""Individual evaluation and the SMVP."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views import evaluation, evaluation_policy

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:year>/valutazioni/", evaluation.evaluations, name="evaluations"),
    path("<int:year>/valutazioni/apri/", evaluation.evaluations_start, name="evaluations_start"),
    path("<int:year>/valutazioni/<int:pk>/", evaluation.evaluation, name="evaluation"),
    path("<int:year>/valutazioni/<int:pk>/stampa/", evaluation.evaluation_print, name="evaluation_print"),
    path(
        "<int:year>/valutazioni/<int:pk>/presa-visione/",
        evaluation.evaluation_acknowledgement,
        name="evaluation_acknowledge",
    ),
    path(
        "<int:year>/valutazioni/<int:pk>/revisione/",
        evaluation.evaluation_review_request,
        name="evaluation_review_request",
    ),
    path(
        "<int:year>/valutazioni/<int:pk>/esito-revisione/",
        evaluation.evaluation_review_decision,
        name="evaluation_review_decision",
    ),
    path("smvp/", evaluation_policy.scoring_policy, name="scoring_policy"),
]
