"""Public pages; served in English at / and in Russian under /ru/."""

from django.urls import path, register_converter

from catalogue.pages import views
from catalogue.pages.converters import HSCodeConverter

register_converter(HSCodeConverter, "hs")

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue, name="home"),
    path("products/<slug:slug>/", views.category, name="category"),
    path("exporters/<slug:slug>/", views.exporter, name="exporter"),
    path("hs/", views.hs_index, name="hs-index"),
    path("hs/<hs:code>/", views.hs_code, name="hs-code"),
]
