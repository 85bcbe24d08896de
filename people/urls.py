from django.urls import path

from people import downloads, editing, views

app_name = "people"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("<int:pk>/rediger/", editing.ProfileEditView.as_view(), name="edit"),
    path("<int:pk>/historik/", editing.person_history, name="history"),
    path("<int:pk>/vcard.vcf", downloads.person_vcard, name="vcard"),
    path("mine-data.json", downloads.my_data, name="my_data"),
    path("eksport.json", downloads.directory_json, name="directory_json"),
]
