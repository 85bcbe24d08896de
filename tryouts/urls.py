from django.urls import path

from tryouts import views

app_name = "tryouts"
urlpatterns = [
    path("", views.TryoutListView.as_view(), name="list"),
    path("<slug:slug>/", views.TryoutDetailView.as_view(), name="detail"),
]
