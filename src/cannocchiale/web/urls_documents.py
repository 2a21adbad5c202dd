from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cannocchiale.web.views import documents

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:year>/documenti/", documents.documents_page, name="documents"),
    path("<int:year>/documenti/elenco/", documents.documents_list, name="documents_list"),
    path("<int:year>/documenti/<int:pk>/scarica/", documents.document_download, name="document_download"),
]
