from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("catalogue.api_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("catalogue.urls")),
    path("", include("matching.urls")),
    prefix_default_language=False,
)

handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
