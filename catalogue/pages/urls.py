"""Public pages; served in English at / and in Russian under /ru/."""

from django.urls import path

from catalogue.pages import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue, name="home"),
    path("products/<slug:slug>/", views.category, name="category"),
    path("exporters/<slug:slug>/", views.exporter, name="exporter"),
    path("hs/", views.hs_index, name="hs-index"),
    path("hs/<str:code>/", views.hs_code, name="hs-code"),
]
