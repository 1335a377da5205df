from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from config.health import healthz

admin.site.site_header = _("Kazakhstan → Nigeria export catalogue")
admin.site.site_title = _("KZ→NG catalogue admin")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon, the admin's among them.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
    path("admin/", include("staff.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("catalogue.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("catalogue.pages.urls")),
    path("", include("matching.urls")),
    path("", include("about.urls")),
    path("", include("missions.urls")),
    prefix_default_language=False,
)

handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
