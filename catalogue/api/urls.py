from django.urls import path

from catalogue.api import views as api

app_name = "api"

urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.openapi, name="openapi"),
    path("categories/", api.categories, name="categories"),
    path("categories/<slug:slug>/", api.category, name="category"),
    path("exporters/", api.exporters, name="exporters"),
    path("hs/suggest/", api.hs_suggest, name="hs-suggest"),
    path("complete/", api.completions, name="complete"),
    path("hs/<str:code>/", api.hs_detail, name="hs-detail"),
    path("import-rules/", api.import_rules, name="import-rules"),
]
