from django.urls import path

from units import editing, views

app_name = "units"
urlpatterns = [
    path("", views.UnitListView.as_view(), name="list"),
    path("<slug:slug>/", views.UnitDetailView.as_view(), name="detail"),
    path("<slug:slug>/rediger/", editing.VisitkortEditView.as_view(), name="edit"),
    path("<slug:slug>/opgaver/", editing.TaskListView.as_view(), name="tasks"),
    path("<slug:slug>/opgaver/<int:pk>/afslut/", editing.TaskEndView.as_view(), name="task_end"),
    path("<slug:slug>/opgaver/<int:pk>/fjern/", editing.TaskDeleteView.as_view(), name="task_delete"),
    path("<slug:slug>/samarbejder/", editing.CollaborationListView.as_view(), name="collaborations"),
    path("<slug:slug>/samarbejder/<int:pk>/", editing.CollaborationEditView.as_view(), name="collaboration_edit"),
    path(
        "<slug:slug>/samarbejder/<int:pk>/fjern/",
        editing.CollaborationDeleteView.as_view(),
        name="collaboration_delete",
    ),
    path("<slug:slug>/redaktoerer/", editing.EditorListView.as_view(), name="editors"),
    path("<slug:slug>/redaktoerer/<int:pk>/fjern/", editing.EditorDeleteView.as_view(), name="editor_delete"),
    path("<slug:slug>/historik/", editing.unit_history, name="history"),
    path("<slug:slug>/organisation/", views.org_chart, name="orgchart"),
    path("<slug:slug>/forslag/", views.UnitSuggestView.as_view(), name="suggest"),
    path("<slug:slug>/bekraeft/", views.confirm_visitkort_view, name="confirm"),
    path("forslag/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path("forslag/<int:pk>/accepter/", views.resolve_suggestion_view, {"accept": True}, name="accept_suggestion"),
    path("forslag/<int:pk>/afvis/", views.resolve_suggestion_view, {"accept": False}, name="decline_suggestion"),
]
