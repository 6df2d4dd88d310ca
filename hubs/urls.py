from django.urls import path

app_name = "hubs"
urlpatterns: list = []
