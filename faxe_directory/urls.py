from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from faxe_directory import health, login_guard, sso
from faxe_directory.media import serve_media
from people.downloads import unit_members_csv

urlpatterns = [
    # Before portal's: /emner/kle/ sits beside the topic pages (/emner/<slug>/).
    path("", include("vocabulary.urls")),
    path("", include("portal.urls")),
    path("sundhed/", health.readiness, name="health"),
    path("sundhed/live/", health.liveness, name="liveness"),
    path("enheder/", include("units.urls")),
    # The visitkort's member list is people's data: people serves it (units knows no people).
    path("enheder/<slug:slug>/medarbejdere.csv", unit_members_csv, name="unit_members_csv"),
    path("medarbejdere/", include("people.urls")),
    path("proevehandlinger/", include("tryouts.urls")),
    # Open data (/aabne-data/, public) and try-outs from other municipalities (/andre-kommuner/).
    path("", include("opendata.urls")),
    path("api/", include("api.urls")),
    path("", include("following.urls")),
    path(
        "konto/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            redirect_authenticated_user=True,
            authentication_form=login_guard.LoginForm,
        ),
        name="login",
    ),
    path(
        "konto/logget-ud/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            redirect_authenticated_user=True,
            extra_context={"logged_out": True},
        ),
        name="logged_out",
    ),
    path("konto/logud/", sso.LogoutView.as_view(), name="logout"),
    path("konto/sso/login/", sso.login_request, name="oidc_authentication_init"),
    path("konto/sso/callback/", sso.login_callback, name="oidc_authentication_callback"),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Photos in development and `make serve-prod`; production serves MEDIA_ROOT from nginx (docs/deploy.md).
    urlpatterns.append(path("media/<path:path>", serve_media))
