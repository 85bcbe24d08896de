from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo municipality (seed_demo) and the benchmarks: apart from the product, never imported by it."""

    name = "demo"
    verbose_name = "Demo"
