from django.urls import path

from tryouts import editing, views

app_name = "tryouts"
urlpatterns = [
    path("", views.TryoutListView.as_view(), name="list"),
    path("ny/", views.TryoutStartView.as_view(), name="create"),
    path("ny/lignende/", views.similar_fragment, name="similar"),
    path("<slug:slug>/", views.TryoutDetailView.as_view(), name="detail"),
    path("<slug:slug>/rediger/", editing.TryoutEditView.as_view(), name="edit"),
    path("<slug:slug>/historik/", editing.tryout_history, name="history"),
    path("<slug:slug>/forslag/", views.TryoutSuggestView.as_view(), name="suggest"),
]
