from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views

app_name = "opendata"

SITEMAPS = {"pages": views.PublicPagesSitemap, "data": views.DataSitemap}

urlpatterns = [
    path("implementation-agreements.json", views.agreements_json, name="agreements_json"),
    path("implementation-agreements.csv", views.agreements_csv, name="agreements_csv"),
    path("feeds/updates.atom", views.UpdatesFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
