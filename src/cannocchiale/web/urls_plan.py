"""The plan area: the tree, the sheets and their editing, validation, lifecycle and history."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views.editing import budget_edit, indicator_edit, project_edit, target_edit
from cannocchiale.web.views.history import history
from cannocchiale.web.views.lifecycle import plan_diff, plan_lifecycle
from cannocchiale.web.views.sheets import objective_sheet, project_sheet
from cannocchiale.web.views.tree import tree
from cannocchiale.web.views.validation_page import validation

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:year>/albero/", tree, name="tree"),
    path("<int:year>/obiettivi/<str:code>/", objective_sheet, name="objective_sheet"),
    path("<int:year>/progetti/<str:code>/", project_sheet, name="project_sheet"),
    path("<int:year>/progetti/<str:code>/modifica/", project_edit, name="project_edit"),
    path("<int:year>/target/<int:pk>/modifica/", target_edit, name="target_edit"),
    path("<int:year>/indicatori/<int:pk>/modifica/", indicator_edit, name="indicator_edit"),
    path("<int:year>/budget/<int:pk>/modifica/", budget_edit, name="budget_edit"),
    path("<int:year>/validazione/", validation, name="validation"),
    path("<int:year>/ciclo/", plan_lifecycle, name="plan_lifecycle"),
    path("<int:year>/ciclo/differenze/", plan_diff, name="plan_diff"),
    path("storia/<str:object_type>/<str:object_id>/", history, name="history"),
]
