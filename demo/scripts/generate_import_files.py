"""Write a large, deterministic organisation as import files (docs/import-format.md).

    .venv/bin/python demo/scripts/generate_import_files.py --people 50000 --out /tmp/org
    .venv/bin/python manage.py import_org /tmp/org/units.csv /tmp/org/people.csv

Units: one kommune, 10 centres, 10 departments per centre and teams under them (about one unit
per 50 people). People get Danish names (æ, ø, å included), emails, titles and a unit. The files
are written the way Danish Excel writes them: UTF-8 with BOM, `;`-separated. No Django needed.
"""

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from people.import_format import PERSON_COLUMNS, UNIT_COLUMNS  # noqa: E402 (plain constants, no Django)

FIRST_NAMES = [
    "Anne",
    "Søren",
    "Åse",
    "Mette",
    "Jens",
    "Kirsten",
    "Lars",
    "Birthe",
    "Jørgen",
    "Hanne",
    "Niels",
    "Bodil",
    "Ærling",
    "Ørjan",
    "Karen",
    "Ole",
    "Lene",
    "Peter",
]
LAST_NAMES = [
    "Hansen",
    "Jensen",
    "Nielsen",
    "Pedersen",
    "Andersen",
    "Sørensen",
    "Ærø",
    "Østergård",
    "Bødker",
    "Møller",
    "Kjær",
    "Lund",
    "Holm",
    "Dahl",
]
TITLES = ["Pædagog", "Social- og sundhedsassistent", "Sagsbehandler", "Lærer", "Konsulent", "Sygeplejerske"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/faxe-import"))
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    units = [("K", "Faxe Kommune", "kommune", "")]
    teams = []
    team_count = max(1, args.people // 50)
    for c in range(10):
        units.append((f"C{c}", f"Center {c} for Sundhed & Ældre", "center", "K"))
        for a in range(10):
            units.append((f"C{c}A{a}", f"Afdeling {c}.{a} Søndergård", "afdeling", f"C{c}"))
    departments = [unit for unit in units if unit[2] == "afdeling"]
    for t in range(team_count):
        parent = departments[t % len(departments)][0]
        teams.append((f"T{t}", f"Team {t} Østervang", "team", parent))
    units += teams

    with open(args.out / "units.csv", "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, UNIT_COLUMNS, delimiter=";")
        writer.writeheader()
        for external_id, name, kind, parent in units:
            writer.writerow(
                {
                    "external_id": external_id,
                    "name": name,
                    "kind": kind,
                    "parent_external_id": parent,
                    "email": f"{external_id.lower()}@faxekommune.dk",
                    "phone": "56 20 30 00",
                    "address": "Torvet 1, 4640 Faxe",
                }
            )

    with open(args.out / "people.csv", "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, PERSON_COLUMNS, delimiter=";")
        writer.writeheader()
        for number in range(args.people):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            writer.writerow(
                {
                    "external_id": f"P{number:06d}",
                    "first_name": first,
                    "last_name": last,
                    "email": f"p{number:06d}@faxekommune.dk",
                    "title": rng.choice(TITLES),
                    "unit_external_id": teams[number % len(teams)][0],
                    "role": "leder" if number < len(teams) else "medarbejder",
                    "phone": f"56 {number % 100:02d} {number % 97:02d} {number % 89:02d}",
                    "mobile": "",
                    "location": "Rådhuset, Haslev",
                }
            )
    print(f"Wrote {len(units)} units and {args.people} people to {args.out}/units.csv and people.csv")


if __name__ == "__main__":
    main()
