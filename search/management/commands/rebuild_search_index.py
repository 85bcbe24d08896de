import time

from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of people, units and try-outs from scratch."

    def handle(self, *args, **options):
        started = time.monotonic()
        rebuild(progress=self.progress)
        self.stdout.write(f"\nSearch index rebuilt in {time.monotonic() - started:.1f} s.")

    def progress(self, kind, done, total):
        width = 30
        filled = width * done // total if total else width
        self.stdout.write(f"\r{kind:<8} {done:>7}/{total:<7} [{'#' * filled}{'.' * (width - filled)}]", ending="")
        if done == total:
            self.stdout.write("")
        self.stdout.flush()
