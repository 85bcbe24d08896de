"""Screenshots of the demo for the README: `make screenshots` (or .venv/bin/python demo/scripts/screenshots.py).

Builds a fresh SQLite demo in a temporary directory (migrate + seed_demo), serves it with
`runserver` on a free port of 127.0.0.1, logs in as "medarbejder" with Debian's chromium and
saves desktop (1280 px) and phone (390 px) PNGs of the forside, a visitkort, a profile, a
try-out and a search, and the phone's menu opened, into docs/screenshots/. Each PNG stays below
400 KB.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
MAX_HEIGHT = 1600
MAX_BYTES = 400 * 1024


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"runserver stopped with exit code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the demo did not answer at {url} within {seconds} s")


def pick_pages(env):
    """The pages to show, chosen in the seeded database: rich examples rather than the first rows."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faxe_directory.settings")
    import django

    django.setup()
    from django.db.models import Count, Q

    from people.models import Person
    from tryouts.models import Status, Tryout
    from units.models import Unit, UnitKind

    person = Person.objects.get(user__username="medarbejder")
    unit = (
        Unit.objects.active()
        .filter(kind=UnitKind.INSTITUTION)
        .exclude(about="")
        .annotate(score=Count("tasks", distinct=True) + Count("owned_tryouts", distinct=True))
        .order_by("-score", "sort_key")
        .first()
    )
    tryout = (
        Tryout.objects.filter(status=Status.I_GANG)
        .exclude(learnings="")
        .filter(~Q(challenge=""))
        .order_by("-updated_at")
        .first()
    )
    return {
        "forside": "/",
        "visitkort": unit.get_absolute_url(),
        "person": person.get_absolute_url(),
        "tryout": tryout.get_absolute_url(),
        "search": "/soeg/?q=" + urllib.request.quote("borgerinddragelse"),
    }


def shrink(path):
    """Re-save a too large PNG with a 256-colour palette (the pages are mostly flat colour)."""
    if path.stat().st_size <= MAX_BYTES:
        return
    from PIL import Image

    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{path} is still {path.stat().st_size // 1024} KB")


def shoot(base_url, pages, out):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        for device, viewport in VIEWPORTS.items():
            phone = device == "phone"
            context = browser.new_context(
                base_url=base_url, viewport=viewport, is_mobile=phone, has_touch=phone, locale="da-DK"
            )
            page = context.new_page()
            page.goto("/konto/login/")
            page.locator("#id_username").fill("medarbejder")
            page.locator("#id_password").fill("demo")
            with page.expect_navigation():
                page.locator("#id_password").press("Enter")
            for name, url in pages.items():
                page.goto(url)
                page.evaluate("document.fonts.ready")
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                path = out / f"{name}-{device}.png"
                clip = {"x": 0, "y": 0, "width": viewport["width"], "height": height}
                page.screenshot(path=path, full_page=True, clip=clip, animations="disabled")
                shrink(path)
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
            if phone:
                # The menu button opened: the main menu, "Mine sider" and "Log af" (one screen).
                page.goto(pages["forside"])
                page.locator(".header-menu summary").click()
                path = out / "menu-phone.png"
                page.screenshot(path=path, animations="disabled")
                shrink(path)
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", default="1", help="seed_demo --scale (default 1: ≈800 people)")
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK) and not shutil.which("chromium"):
        raise SystemExit("Chromium is missing: apt-get install -y chromium")
    if not os.access(CHROMIUM, os.X_OK):
        globals()["CHROMIUM"] = shutil.which("chromium")

    with tempfile.TemporaryDirectory(prefix="faxe-screenshots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "DEBUG": "1",
            "MEDIA_ROOT": f"{tmp}/media",
            "PYTHONUNBUFFERED": "1",
        }
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("seed_demo", "--scale", args.scale, "-v", "0", env=env)
        pages = pick_pages(env)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"{base_url}/sundhed/", server)
            shoot(base_url, pages, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
