"""The read-only API: units, active people and try-outs, for integrations with a client token."""

from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import exceptions, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from api.authentication import ClientTokenAuthentication, IsApiClient
from api.serializers import PersonSerializer, TryoutSerializer, UnitSerializer
from api.throttling import ClientRateThrottle
from people.models import Person
from tryouts.models import Tryout
from units.models import Unit


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ClientTokenAuthentication"
    name = "clientToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A client token issued in admin."}


class ApiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    str,
    description="Only what changed at or after this moment (ISO 8601 date or date-time, e.g. 2025-03-01T12:00:00Z).",
)


def updated_since(value: str):
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = timezone.datetime(day.year, day.month, day.day)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))
class ReadOnlyApiViewSet(viewsets.ReadOnlyModelViewSet):
    """Token, rate limit, JSON only, paginated, oldest change first (so `updated_since` syncs)."""

    authentication_classes = [ClientTokenAuthentication]
    permission_classes = [IsApiClient]
    throttle_classes = [ClientRateThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    pagination_class = ApiPagination

    @classmethod
    def as_view(cls, *args, **kwargs):
        # The token, not a session, guards the API: LoginRequiredMiddleware stands aside.
        return login_not_required(super().as_view(*args, **kwargs))

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.base_queryset().order_by("updated_at", "pk")
        since = self.request.query_params.get("updated_since")
        if self.action == "list" and since:
            try:
                queryset = queryset.filter(updated_at__gte=updated_since(since))
            except (ValueError, OverflowError) as error:
                raise exceptions.ValidationError(
                    {"updated_since": _("Give a date or date-time in ISO 8601, e.g. 2025-03-01T12:00:00Z.")}
                ) from error
        return queryset


class UnitViewSet(ReadOnlyApiViewSet):
    """Active units and their visitkort."""

    serializer_class = UnitSerializer

    def base_queryset(self):
        return Unit.objects.active().select_related("parent").prefetch_related("tags")


class PersonViewSet(ReadOnlyApiViewSet):
    """Active people with their active units; people who have left are never shown."""

    serializer_class = PersonSerializer

    def base_queryset(self):
        return Person.objects.active().with_units().prefetch_related("expertise")


class TryoutViewSet(ReadOnlyApiViewSet):
    """Try-outs with their active units and active contacts."""

    serializer_class = TryoutSerializer

    def base_queryset(self):
        return Tryout.objects.for_detail()


class OpenApiView(SpectacularJSONAPIView):
    """The OpenAPI 3 description of the API (public: it holds no data)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))
