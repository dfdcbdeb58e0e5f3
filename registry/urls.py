from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("projects/", views.projects_page, name="projects"),
    path("projects.csv", views.projects_csv, name="projects_csv"),
    path("projects.json", views.projects_json, name="projects_json"),
    path(
        "implementation-agreements/<slug:slug>/eligibility.csv",
        views.eligibility_csv,
        name="eligibility_csv",
    ),
]
