"""Many wrong passwords for one account at the same moment, from real threads with their own connections.

Run by tests/accounts/test_sign_in_limits.py in a process of its own, on a fresh database (the test's
SQLite database lives in one connection's transaction, which other threads cannot write beside):
`python -m tests.accounts.concurrent_sign_in THREADS`. Migrates the accounts tables, makes one
account, lets THREADS threads post a wrong password at once through Django's test client with the
real settings (Argon2), and prints their status codes as JSON.
"""

import json
import os
import sys
import threading

EMAIL = "admin@example.se"


def main(threads: int) -> list[int]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", "auth", verbosity=0)
    call_command("migrate", "accounts", verbosity=0)
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL, password="rätt-lösenord-för-admin")
    connections.close_all()

    start = threading.Barrier(threads)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(index: int) -> None:
        client = Client()
        try:
            start.wait()
            response = client.post("/konto/logga-in/", {"username": EMAIL, "password": f"fel-{index}"})
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=attempt, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sorted(statuses)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
