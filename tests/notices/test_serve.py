"""`samverkan serve` starts one worker beside the web workers, which sends what is queued, and stops with them."""

import re
import time
from pathlib import Path

from tests.conftest import serving, site_database


def workers_started_by(pid: int) -> list[int]:
    """The `samverkan worker` processes that process `pid` started."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "samverkan worker" in command:
                found.append(int(child))
    return found


def test_serve_runs_a_worker_that_sends_the_queue_and_stops_with_it(tmp_path):
    with site_database(tmp_path, "notices") as env, serving(env) as site:
        site.command(
            "shell",
            "-c",
            "from samverkan.notices.services import notify; notify(kind='invitation', key='serve-test', "
            "recipients=['kim@example.se'], subject='Prov', body='Hej Kim')",
        )
        text = site.mail_to("kim@example.se")  # sent by the worker: nothing else runs the queue
        assert "To: kim@example.se" in text and "Subject: Prov" in text and "Hej Kim" in text
        server = int(re.search(r"\[(\d+)\] \[INFO\] Starting gunicorn", site.log.read_text()).group(1))
        (worker,) = workers_started_by(server)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{worker}").exists()
