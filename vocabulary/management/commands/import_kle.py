"""`manage.py import_kle [FILE]`: load KLE, the municipalities' subject plan (vocabulary/kle.py)."""

from django.core.management.base import BaseCommand, CommandError

from core.progress import ProgressBar
from vocabulary.kle import SHIPPED_FILE, KleFileError, import_kle, read_kle
from vocabulary.models import Subject


class Command(BaseCommand):
    help = (
        "Load KLE (Kommunernes Landsforenings Emnesystematik) from a CSV file with the columns "
        "number,title,parent,uuid; without FILE the copy shipped with the project. All or nothing; "
        "running it again with the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SHIPPED_FILE), help="The KLE CSV file.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) if KLE is already loaded."
        )

    def handle(self, *args, file, if_empty, **options):
        verbosity = options.get("verbosity", 1)
        if if_empty and Subject.objects.exists():
            if verbosity > 0:
                self.stdout.write("KLE is already loaded; nothing imported.")
            return
        try:
            rows = read_kle(file)
        except KleFileError as error:
            raise CommandError("\n".join(["Nothing was imported:", *error.problems])) from None
        result = import_kle(rows, ProgressBar(self.stdout, enabled=verbosity > 0))
        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS(result.summary()))
