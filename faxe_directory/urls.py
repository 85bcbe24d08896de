from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from django.views.static import serve

from faxe_directory import views

urlpatterns = [
    path("", views.home, name="home"),
    path("soeg/", views.search_page, name="search"),
    path("soeg/forslag/", views.search_suggestions, name="search_suggestions"),
    path("emner/", views.topic_list, name="topic_list"),
    path("emner/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("mine/", views.mine, name="mine"),
    path("sundhed/", views.health, name="health"),
    path("enheder/", include("units.urls")),
    path("medarbejdere/", include("people.urls")),
    path("proevehandlinger/", include("tryouts.urls")),
    path(
        "konto/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logud/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Photos in development; production serves MEDIA_ROOT from the web server (docs/deploy.md).
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
