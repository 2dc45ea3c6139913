"""`samverkan serve`: set everything up, then serve the site with gunicorn (a production WSGI server), with one
task-queue worker beside the web workers (e-mail, daily jobs), stopped with them."""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from samverkan.notices import worker


class Command(BaseCommand):
    help = "Set up the database and data if needed, then serve the site with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("SAMVERKAN_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("SAMVERKAN_PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("SAMVERKAN_WORKERS", "2")),
            help="Number of gunicorn worker processes.",
        )
        parser.add_argument("--no-setup", action="store_true", help="Skip migrations and data loading.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the task-queue worker (run `samverkan worker` elsewhere).",
        )

    def handle(self, *args, **options):
        if not options["no_setup"]:
            call_command("setup", verbosity=options["verbosity"])
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(_("Serving Samverkan on http://%(address)s/ (Ctrl+C stops)") % {"address": address})
        self.stdout.flush()

        # Imported once the database is ready: importing the WSGI module loads the whole site.
        from gunicorn.app.base import BaseApplication  # noqa: PLC0415

        from samverkan.wsgi import application  # noqa: PLC0415

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", address)
                self.cfg.set("workers", options["workers"])
                self.cfg.set("accesslog", "-")
                self.cfg.set("timeout", 60)

            def load(self):
                return application

        queue_worker = None
        if not options["no_worker"] and worker.database_backend() is not None:
            # A process of its own, so a long task never holds up a web worker; it exits with this one.
            queue_worker = subprocess.Popen([sys.executable, "-m", "samverkan", "worker", "--stop-with-parent"])
        try:
            Server().run()
        finally:
            if queue_worker is not None:
                queue_worker.terminate()
                try:
                    queue_worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    queue_worker.kill()
