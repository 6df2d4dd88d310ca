from django.contrib import admin
from django.urls import include, path

from portal import views_home

admin.site.site_header = "Kyoten 管理サイト"
admin.site.site_title = "Kyoten 管理"
admin.site.index_title = "マスタデータ管理"

urlpatterns = [
    path("", views_home.home, name="home"),
    path("help/", views_home.help_page, name="help"),
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("hubs/", include("hubs.urls")),
    path("reports/", include("reports.urls")),
    path("consultations/", include("consultations.urls")),
    path("famisapo/", include("famisapo.urls")),
    path("admin/", admin.site.urls),
]

# A database that cannot be reached answers 503 「しばらくしてからもう一度お試しください」.
handler500 = "common.views.server_error"
handler400 = "common.views.bad_request"
