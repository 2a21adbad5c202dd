from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views import monitoring, monitoring_entry, my_work

ROUND = "<int:year>/monitoraggio/<int:round_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("attivita/", my_work.my_work, name="my_work"),
    path("<int:year>/monitoraggio/", monitoring.monitoring, name="monitoring"),
    path(ROUND, monitoring.round_detail, name="round"),
    path(f"{ROUND}stato/", monitoring.round_status, name="round_status"),
    path(
        f"{ROUND}indicatore/<int:submission_id>/",
        monitoring_entry.measurement_enter,
        name="measurement_enter",
    ),
    path(
        f"{ROUND}indicatore/<int:submission_id>/verifica/",
        monitoring_entry.measurement_check,
        name="measurement_check",
    ),
    path(
        f"{ROUND}indicatore/<int:submission_id>/revisione/",
        monitoring_entry.measurement_review_view,
        name="measurement_review",
    ),
    path(f"{ROUND}evidenza/<int:evidence_id>/", monitoring_entry.evidence_download, name="evidence_download"),
]
