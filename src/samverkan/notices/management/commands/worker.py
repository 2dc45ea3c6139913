"""`samverkan worker`: run the task queue (e-mail, daily jobs) until stopped; `--once` runs what is ready and exits."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samverkan.notices import schedule, worker


class Command(BaseCommand):
    help = "Run the task queue's worker: sends e-mail and runs the daily jobs. Stop it with Ctrl+C or SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the tasks that are ready now, then exit.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty (default 1)."
        )
        parser.add_argument("--stop-with-parent", action="store_true", help="Exit when the parent process exits.")

    def handle(self, *args, **options):
        if worker.database_backend() is None:
            raise CommandError(_("SAMVERKAN_TASKS does not use the database queue: its tasks run without this worker."))
        if options["interval"] < 0:
            raise CommandError(_("--interval must be zero or more seconds."))
        if options["verbosity"] < 2:
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        runner = worker.new_worker(interval=options["interval"])
        if options["once"]:
            daily = schedule.queue_daily_if_due()
            count = worker.run_pending(runner)
            if daily:
                self.stdout.write(_("Today's daily jobs were queued."))
            self.stdout.write(_("Tasks run: %(count)s.") % {"count": count})
            return
        self.stdout.write(_("The worker runs the task queue (Ctrl+C stops)."))
        self.stdout.flush()
        worker.run_forever(runner, stop_when_orphaned=options["stop_with_parent"])
