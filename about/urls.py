"""The About page; in English at /about/ and in Russian at /ru/about/."""

from django.urls import path

from about import views

app_name = "about"

urlpatterns = [path("about/", views.about, name="page")]
