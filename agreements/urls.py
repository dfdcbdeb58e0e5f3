from django.urls import re_path

from . import views

app_name = "agreements"

urlpatterns = [
    re_path(r"^preview/(?P<pk>[0-9]+)/$", views.preview, name="preview"),
    re_path(
        r"^(?P<slug>[-a-z0-9]+)/documents/(?P<name>main-text|annex-[a-z]{1,2})\.pdf$",
        views.document_download,
        name="document",
    ),
    re_path(
        r"^(?P<slug>[-a-z0-9]+)/forms/(?P<name>[0-9]{1,4}-[-a-z0-9]+)\.(?P<extension>pdf|docx|xlsx)$",
        views.form_download,
        name="form",
    ),
]
