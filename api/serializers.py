"""What the API shows: what a logged-in employee sees on the pages (active people and units)."""

from rest_framework import serializers

from people.models import Membership, Person
from tryouts.models import Tryout
from units.models import Unit


class PageUrlField(serializers.SerializerMethodField):
    """The object's page in the directory, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(method_name="page_url", **kwargs)


class PageUrlMixin:
    def page_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class UnitSerializer(PageUrlMixin, serializers.ModelSerializer):
    url = PageUrlField()
    parent = serializers.SerializerMethodField()
    topics = serializers.SlugRelatedField(source="tags", many=True, read_only=True, slug_field="name")

    class Meta:
        model = Unit
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "parent",
            "centre",
            "about",
            "core_tasks",
            "can_help_with",
            "looking_for",
            "email",
            "phone",
            "address",
            "website",
            "opening_hours",
            "open_for_visits",
            "topics",
            "last_confirmed_at",
            "updated_at",
        ]

    def get_parent(self, unit) -> int | None:
        """The parent's id, when the parent is active (inactive units are not in the API)."""
        return unit.parent_id if unit.parent_id and unit.parent.is_active else None


class MembershipSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = Membership
        fields = ["unit", "unit_name", "role", "job_title", "is_primary"]


class PersonSerializer(PageUrlMixin, serializers.ModelSerializer):
    url = PageUrlField()
    full_name = serializers.CharField()
    units = MembershipSerializer(source="memberships", many=True, read_only=True)
    expertise = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "first_name",
            "last_name",
            "full_name",
            "title",
            "email",
            "phone",
            "mobile",
            "location",
            "about",
            "ask_me_about",
            "languages",
            "expertise",
            "units",
            "last_confirmed_at",
            "updated_at",
        ]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class PersonRefSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField()

    class Meta:
        model = Person
        fields = ["id", "full_name"]


class TryoutSerializer(PageUrlMixin, serializers.ModelSerializer):
    url = PageUrlField()
    owner_unit = UnitRefSerializer(read_only=True)
    units = UnitRefSerializer(many=True, read_only=True)
    contacts = PersonRefSerializer(many=True, read_only=True)
    partner_kinds = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    track = serializers.SlugRelatedField(read_only=True, slug_field="name")
    topics = serializers.SlugRelatedField(source="tags", many=True, read_only=True, slug_field="name")

    class Meta:
        model = Tryout
        fields = [
            "id",
            "url",
            "title",
            "slug",
            "summary",
            "challenge",
            "approach",
            "status",
            "started_on",
            "ended_on",
            "owner_unit",
            "units",
            "contacts",
            "partner_kinds",
            "partners",
            "track",
            "topics",
            "learnings",
            "outcome",
            "next_steps",
            "shared",
            "created_at",
            "updated_at",
        ]
