"""Top-level URLs. The CMS catch-all comes last; English pages have no language prefix,
Spanish pages (and search) are under /es/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from operations.health import healthz

handler500 = "operations.resilience.server_error"
handler403 = "editorial.views.permission_denied"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("contact/", include("enquiries.urls")),
]

# --- Open data: register, downloads, search, feed, sitemap, robots.txt ---
urlpatterns += [
    path("", include("registry.urls")),
    path("", include("opendata.urls")),
]

# --- Alerts ---
urlpatterns += [path("alerts/", include("alerts.urls"))]

# The admin has one address (/admin/): the front door's upload and login limits apply to it.
urlpatterns += [path("admin/", admin.site.urls)]

# Pages, search and signed documents in English at their usual addresses, in Spanish under /es/.
urlpatterns += i18n_patterns(
    path("implementation-agreements/", include("agreements.urls")),
    path("", include("sitesearch.urls")),
    path("", include("cms.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
