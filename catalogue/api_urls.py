from django.urls import path

from catalogue import api

app_name = "api"

urlpatterns = [
    path("hs/suggest/", api.hs_suggest, name="hs-suggest"),
    path("hs/<str:code>/", api.hs_detail, name="hs-detail"),
]
