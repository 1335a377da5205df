from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("interest/", views.register, name="register"),
    path("interest/sent/", views.sent, name="sent"),
    path("interest/lost-link/", views.lost_link, name="lost-link"),
    path("privacy/", views.privacy, name="privacy"),
    path("interest/mine/<str:token>/", views.my_requests, name="mine"),
    path("interest/mine/<str:token>/data/", views.my_data, name="mine-data"),
    path("interest/mine/<str:token>/erase/", views.erase_mine, name="mine-erase"),
    path("interest/confirm/<str:token>/", views.confirm, name="confirm"),
    path("interest/status/<str:token>/", views.status, name="status"),
    path("interest/status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("interest/status/<str:token>/introduce/", views.introduce, name="introduce"),
    path("interest/status/<str:token>/data/", views.request_data, name="data"),
    path("interest/status/<str:token>/erase/", views.erase, name="erase"),
]
