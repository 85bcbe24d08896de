"""Django admin for the vocabulary: KLE subjects, units' and try-outs' KLE links, the strategy,
and the topics with their synonyms, KLE ties, merges, renames and near-duplicate review.

taggit's own tag admin is replaced: its merge would leave the old topic's address dead, the
search index stale and the old name unknown to tag entry (vocabulary/topics.py does all three).
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag

from core.paging import paginate
from units.models import Unit
from vocabulary.models import (
    FocusAnswer,
    FocusArea,
    Strategy,
    Subject,
    Topic,
    TopicRedirect,
    TopicSubject,
    TopicSynonym,
    TryoutSubject,
    UnitSubject,
)
from vocabulary.topics import TopicError, dismiss_pair, merge_topics, near_duplicates, rename_topic

REVIEW_PER_PAGE = 50


# --- KLE -----------------------------------------------------------------------------------------


@admin.register(Subject)
class SubjectAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("number", "title")
    ordering = ("number",)
    # The plan belongs to KL and comes in with `manage.py import_kle`; only the title may be corrected here.
    readonly_fields = ("number", "parent", "kind", "level", "uuid", "is_active")
    fields = ("number", "title", "parent", "kind", "level", "uuid", "is_active")

    def has_add_permission(self, request):
        return False


@admin.register(UnitSubject)
class UnitSubjectAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "subject", "aspect")
    list_filter = ("aspect",)
    list_select_related = ("unit", "subject")
    search_fields = ("unit__name", "subject__number", "subject__title")
    autocomplete_fields = ("unit", "subject")


@admin.register(TryoutSubject)
class TryoutSubjectAdmin(SimpleHistoryAdmin):
    list_display = ("tryout", "subject")
    list_select_related = ("tryout", "subject")
    search_fields = ("tryout__title", "subject__number", "subject__title")
    autocomplete_fields = ("subject",)
    raw_id_fields = ("tryout",)


class UnitSubjectInline(admin.TabularInline):
    model = UnitSubject
    fields = ("subject", "aspect")
    autocomplete_fields = ("subject",)
    extra = 0
    verbose_name = _("KLE task")
    verbose_name_plural = _("KLE tasks")


def _unit_admin_with_kle():
    """The unit admin as the apps below registered it (units, then people's members), with the
    unit's KLE tasks added: units knows no vocabulary."""
    current = type(admin.site.get_model_admin(Unit))

    class UnitWithKleAdmin(current):
        inlines = (*current.inlines, UnitSubjectInline)

    admin.site.unregister(Unit)
    admin.site.register(Unit, UnitWithKleAdmin)


_unit_admin_with_kle()


# --- topics ----------------------------------------------------------------------------------------


class TopicSynonymInline(admin.TabularInline):
    model = TopicSynonym
    fk_name = "tag"
    fields = ("name",)
    extra = 1


class TopicSubjectInline(admin.TabularInline):
    model = TopicSubject
    fk_name = "tag"
    fields = ("subject",)
    autocomplete_fields = ("subject",)
    extra = 1


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ("name",)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        other = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(
                _("There is already a topic called “%(name)s”. Merge the two instead."), params={"name": other.name}
            )
        return name


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Tag.objects.none(), widget=forms.RadioSelect, label=_("Keep this topic"), empty_label=None
    )


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics with their uses, synonyms and KLE ties; rename here (the old address and name keep
    working), merge with the action or from the near-duplicate review."""

    form = TopicForm
    list_display = ("name", "uses", "synonym_list", "kle_list")
    search_fields = ("name", "synonyms__name")
    readonly_fields = ("slug", "uses")
    inlines = (TopicSynonymInline, TopicSubjectInline)
    actions = ["merge_selected"]
    change_list_template = "admin/vocabulary/topic/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(use_count=Count("taggit_taggeditem_items", distinct=True))
            .prefetch_related("synonyms", Prefetch("kle_links", TopicSubject.objects.select_related("subject")))
        )

    def get_fields(self, request, obj=None):
        return ("name", "slug", "uses") if obj else ("name",)

    @admin.display(description=_("uses"), ordering="use_count")
    def uses(self, obj):
        return getattr(obj, "use_count", None) if hasattr(obj, "use_count") else obj.taggit_taggeditem_items.count()

    @admin.display(description=_("synonyms"))
    def synonym_list(self, obj):
        return ", ".join(s.name for s in obj.synonyms.all())

    @admin.display(description=_("KLE"))
    def kle_list(self, obj):
        return ", ".join(link.subject.number for link in obj.kle_links.all())

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            new_name = obj.name
            obj.name = Tag.objects.values_list("name", flat=True).get(pk=obj.pk)
            rename_topic(obj, new_name, request.user)
            return
        super().save_model(request, obj, form, change)

    def get_urls(self):
        own = [
            path("gennemsyn/", self.admin_site.admin_view(self.review_view), name="vocabulary_topic_review"),
            path("slaa-sammen/", self.admin_site.admin_view(self.merge_pair_view), name="vocabulary_topic_merge"),
            path("forskellige/", self.admin_site.admin_view(self.dismiss_view), name="vocabulary_topic_dismiss"),
        ]
        return own + super().get_urls()

    def review_view(self, request):
        """Near-duplicates to judge: merge one into the other, or mark them as different."""
        if not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Topics that may be the same"),
            "page_obj": paginate(request, near_duplicates(), REVIEW_PER_PAGE),
            "topic_count": Tag.objects.count(),
            "can_merge": self.has_delete_permission(request),
        }
        return render(request, "admin/vocabulary/topic/review.html", context)

    def merge_pair_view(self, request):
        return require_POST(self._merge_pair)(request)

    def _merge_pair(self, request):
        back = request.POST.get("back") or reverse("admin:vocabulary_topic_review")
        if not self.has_delete_permission(request):
            self.message_user(request, _("You may not merge topics."), messages.ERROR)
            return HttpResponseRedirect(back)
        source = get_object_or_404(Tag, pk=request.POST.get("source"))
        target = get_object_or_404(Tag, pk=request.POST.get("target"))
        self._merge(request, [source], target)
        return HttpResponseRedirect(back if back.startswith("/") else reverse("admin:vocabulary_topic_review"))

    def dismiss_view(self, request):
        return require_POST(self._dismiss)(request)

    def _dismiss(self, request):
        first = get_object_or_404(Tag, pk=request.POST.get("first"))
        second = get_object_or_404(Tag, pk=request.POST.get("second"))
        if self.has_change_permission(request):
            dismiss_pair(first, second, request.user)
            self.message_user(
                request,
                _("“%(first)s” and “%(second)s” are marked as different topics.")
                % {"first": first.name, "second": second.name},
            )
        return HttpResponseRedirect(reverse("admin:vocabulary_topic_review"))

    def _merge(self, request, sources, target):
        for source in sources:
            try:
                result = merge_topics(source, target, request.user)
            except TopicError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "“%(old)s” is merged into “%(new)s”: %(count)d use moved; the old name is now a synonym "
                    "and its address leads to “%(new)s”.",
                    "“%(old)s” is merged into “%(new)s”: %(count)d uses moved; the old name is now a synonym "
                    "and its address leads to “%(new)s”.",
                    result.moved + result.already,
                )
                % {"old": result.old_name, "new": result.target.name, "count": result.moved + result.already},
                messages.SUCCESS,
            )

    @admin.action(description=_("Merge the selected topics into one"), permissions=["delete"])
    def merge_selected(self, request, queryset):
        topics = list(queryset.order_by("-use_count", "name"))
        if len(topics) < 2:
            self.message_user(request, _("Choose at least two topics to merge."), messages.WARNING)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, initial={"keep": topics[0].pk})
        form.fields["keep"].queryset = Tag.objects.filter(pk__in=[t.pk for t in topics]).order_by("name")
        if "apply" in request.POST and form.is_valid():
            keep = form.cleaned_data["keep"]
            self._merge(request, [t for t in topics if t.pk != keep.pk], keep)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge topics"),
            "topics": topics,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/vocabulary/topic/merge.html", context)


@admin.register(TopicRedirect)
class TopicRedirectAdmin(SimpleHistoryAdmin):
    list_display = ("old_name", "old_slug", "tag", "uses_moved", "created_at", "created_by")
    list_select_related = ("tag", "created_by")
    search_fields = ("old_name", "old_slug", "tag__name")
    readonly_fields = ("old_slug", "old_name", "tag", "uses_moved", "created_at", "created_by")

    def has_add_permission(self, request):
        return False


# --- strategy ------------------------------------------------------------------------------------


class FocusAreaInline(admin.StackedInline):
    model = FocusArea
    fields = ("position", "theme", "title", "slug", "text", ("starts_on", "ends_on"), "track")
    prepopulated_fields = {"slug": ("title",)}
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "is_current", "starts_on", "ends_on", "area_count")
    list_filter = ("is_current",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", ("starts_on", "ends_on"), "is_current", "position")
    inlines = (FocusAreaInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(area_count=Count("focus_areas"))

    @admin.display(description=_("focus areas"), ordering="area_count")
    def area_count(self, obj):
        return obj.area_count


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ("title", "strategy", "theme", "position", "answer_count")
    list_filter = ("strategy",)
    list_select_related = ("strategy",)
    search_fields = ("title", "theme", "text")
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_count=Count("answers"))

    @admin.display(description=_("answers"), ordering="answer_count")
    def answer_count(self, obj):
        return obj.answer_count


@admin.register(FocusAnswer)
class FocusAnswerAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "focus_area", "updated_at")
    list_filter = ("focus_area__strategy", "focus_area")
    list_select_related = ("unit", "focus_area")
    search_fields = ("unit__name", "text", "focus_area__title")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("tasks", "tryouts")
    readonly_fields = ("version", "created_at", "updated_at")
