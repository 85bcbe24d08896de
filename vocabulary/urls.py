"""The vocabulary's pages: included at the site root (faxe_directory/urls.py) because they live
beside other apps' pages (/emner/kle/ next to the topics, /enheder/<slug>/kle/ on a visitkort)."""

from django.urls import path

from vocabulary import editing, views

app_name = "vocabulary"
urlpatterns = [
    path("emner/kle/", views.kle_tree, name="kle"),
    path("emner/kle/<str:number>/", views.kle_subject, name="kle_subject"),
    path("strategi/", views.strategy_overview, name="strategies"),
    path("strategi/<slug:slug>/", views.strategy_overview, name="strategy"),
    path("strategi/<slug:slug>/<slug:area>/", views.focus_area_detail, name="focus_area"),
    path(
        "strategi/<slug:slug>/<slug:area>/proevehandlinger/",
        views.focus_area_list,
        {"which": "tryouts"},
        name="focus_area_tryouts",
    ),
    path(
        "strategi/<slug:slug>/<slug:area>/mangler-svar/",
        views.focus_area_list,
        {"which": "missing"},
        name="focus_area_missing",
    ),
    path("enheder/<slug:slug>/kle/", editing.UnitSubjectsView.as_view(), name="unit_subjects"),
    path(
        "enheder/<slug:slug>/kle/<int:pk>/fjern/", editing.UnitSubjectRemoveView.as_view(), name="unit_subject_remove"
    ),
    path("enheder/<slug:slug>/strategi/", editing.UnitStrategyView.as_view(), name="unit_strategy"),
    path("enheder/<slug:slug>/strategi/<int:pk>/", editing.FocusAnswerEditView.as_view(), name="focus_answer"),
    path("proevehandlinger/<slug:slug>/kle/", editing.TryoutSubjectsView.as_view(), name="tryout_subjects"),
    path(
        "proevehandlinger/<slug:slug>/kle/<int:pk>/fjern/",
        editing.TryoutSubjectRemoveView.as_view(),
        name="tryout_subject_remove",
    ),
]
