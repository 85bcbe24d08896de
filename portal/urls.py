from django.urls import path

from portal import tag_suggestions, views

urlpatterns = [
    path("", views.home, name="home"),
    path("soeg/", views.search_page, name="search"),
    path("soeg/forslag/", views.search_suggestions, name="search_suggestions"),
    path("soeg/emner/", tag_suggestions.tag_suggestions, name="tag_suggestions"),
    path("emner/", views.topic_list, name="topic_list"),
    path("emner/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("mine/", views.mine, name="mine"),
    path("mine/bekraeft-profil/", views.confirm_profile_view, name="confirm_profile"),
    path("indsigt/", views.insight, name="insight"),
    path("indsigt/<slug:slug>.csv", views.insight_csv, name="insight_csv"),
]
