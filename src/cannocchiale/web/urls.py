"""The web application's URLs. Each area of the site has its own module, included here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from cannocchiale.web.views import home, password

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("o/<slug:org>/", home.org_home, name="org_home"),
    path("password/", password.password_change, name="password_change"),
    path("password/cambiata/", password.password_change_done, name="password_change_done"),
]

# Areas of the site, each in its own module (`web/urls_<area>.py`), mounted under /o/<org>/.
AREAS: tuple[str, ...] = (
    "plan",
    "cascade",
    "monitoring",
    "insight",
    "evaluation",
    "documents",
    "oversight",
    "accounts",
)

for area in AREAS:
    urlpatterns.append(path("o/<slug:org>/", include(f"cannocchiale.web.urls_{area}")))
