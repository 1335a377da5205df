from django.urls import path

from staff.views import set_admin_language

app_name = "staff"
urlpatterns = [path("language/", set_admin_language, name="admin_language")]
