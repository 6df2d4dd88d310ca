from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.KyotenLoginView.as_view(), name="login"),
    path("logout/", views.KyotenLogoutView.as_view(), name="logout"),
    path("two-factor/", views.otp_verify, name="otp_verify"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
]
