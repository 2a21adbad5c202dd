from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views import cascade

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:year>/cascata/", cascade.cascade, name="cascade"),
    path("<int:year>/cascata/<str:key>/verifica/", cascade.cascade_check, name="cascade_check"),
    path("<int:year>/cascata/<str:key>/", cascade.cascade_save, name="cascade_save"),
]
