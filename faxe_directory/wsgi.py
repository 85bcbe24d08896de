"""WSGI entry point (gunicorn faxe_directory.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faxe_directory.settings")
application = get_wsgi_application()
