from django.urls import path

from catalogue import api

app_name = "catalogue"

urlpatterns = [
    path("api/hs/suggest/", api.hs_suggest, name="api-hs-suggest"),
    path("api/hs/<str:code>/", api.hs_detail, name="api-hs-detail"),
]
