"""Render a form field's widget with DKFDS classes and the ARIA ties to its hint and error."""

from django import template

from core.forms import field_anchor

register = template.Library()

# DKFDS class per Django widget type; widgets not listed keep no class (file inputs, hidden).
WIDGET_CLASSES = {
    "checkbox": "form-checkbox",
    "select": "form-select",
    "selectmultiple": "form-select",
    "radioselect": "form-radio",
    "checkboxselectmultiple": "form-checkbox",
    "clearablefile": "",
    "file": "",
}


def hint_id(field):
    return f"{field.auto_id}-hint"


def error_id(field):
    return f"{field.auto_id}-error"


@register.filter
def error_anchor(field):
    """Where the error summary's link for `field` leads (see core.forms.field_anchor)."""
    return field_anchor(field)


@register.simple_tag
def dkfds_widget(field, extra_describedby=""):
    """The field's widget with its DKFDS class, `aria-describedby` pointing at the hint and the
    error message shown beside it, and `aria-invalid` when the field has errors."""
    attrs = {}
    css = WIDGET_CLASSES.get(field.widget_type, "form-input")
    existing = field.field.widget.attrs.get("class", "")
    if css or existing:
        attrs["class"] = " ".join(part for part in (css, existing) if part)
    described = [part for part in extra_describedby.split() if part]
    if field.help_text:
        described.append(hint_id(field))
    if field.errors:
        described.append(error_id(field))
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
