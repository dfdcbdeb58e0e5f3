from django.urls import re_path

from . import views

app_name = "agreements"

urlpatterns = [
    re_path(r"^preview/(?P<pk>[0-9]+)/$", views.preview, name="preview"),
    re_path(
        r"^(?P<slug>[-a-z0-9]+)/documents/(?P<name>[-a-z0-9]{1,100})\.pdf$",
        views.document_download,
        name="document",
    ),
    re_path(
        r"^(?P<slug>[-a-z0-9]+)/forms/(?P<name>[-a-z0-9]{1,100})\.(?P<extension>pdf|docx|xlsx)$",
        views.form_download,
        name="form",
    ),
]
