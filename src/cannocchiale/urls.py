from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    # The web application is its own piece of work; until it lands, the admin is the way in.
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
