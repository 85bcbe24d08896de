from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    # Public, no login: this municipality's shared try-outs (CC0).
    path("aabne-data/", views.index, name="index"),
    path("aabne-data/proevehandlinger.json", views.feed_json, name="feed_json"),
    path("aabne-data/proevehandlinger.csv", views.feed_csv, name="feed_csv"),
    path("aabne-data/proevehandlinger.atom", views.feed_atom, name="feed_atom"),
    path("aabne-data/proevehandlinger.schema.json", views.schema, name="schema"),
    path("aabne-data/proevehandlinger/<int:pk>/", views.public_tryout, name="public_tryout"),
    # For employees: what other municipalities share.
    path("andre-kommuner/", views.received_list, name="received_list"),
    path("andre-kommuner/<int:pk>/", views.received_detail, name="received_detail"),
]
