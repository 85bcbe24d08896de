from django.urls import path

from following import views

app_name = "following"
urlpatterns = [
    path("foelg/<slug:kind>/<int:pk>/", views.toggle, name="toggle"),
    path("mine/ugentlig-mail/", views.digest_settings, name="settings"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
