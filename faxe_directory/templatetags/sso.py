"""{% sso_enabled as sso %}: whether the login page offers the municipality's single sign-on."""

from django import template

from faxe_directory.sso import sso_enabled as configured

register = template.Library()


@register.simple_tag
def sso_enabled():
    return configured()
