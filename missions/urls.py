from django.urls import path

from missions import views

app_name = "missions"

urlpatterns = [
    path("missions/answer/<str:token>/", views.answer, name="answer"),
    path("missions/agenda/<str:token>/", views.agenda_page, name="agenda"),
    path("missions/agenda/<str:token>/calendar.ics", views.agenda_calendar, name="calendar"),
]
