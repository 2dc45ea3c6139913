"""`samverkan serve`: set everything up, then serve the site with gunicorn (a production WSGI server)."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


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

        Server().run()
