from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accedi/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("esci/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cannocchiale.web.urls")),
]

# Django's own 500 view renders no context: this one shows the request's id to the user.
handler500 = "cannocchiale.core.request_id.server_error"
