from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"
router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("people", views.PersonViewSet, basename="person")
router.register("tryouts", views.TryoutViewSet, basename="tryout")

urlpatterns = [
    path("v1/openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("v1/", include(router.urls)),
]
