"""The `samverkan` command: Django's management commands, with `serve` and `setup` added."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    # Django is imported once DJANGO_SETTINGS_MODULE is set.
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "samverkan"
    if len(argv) == 1:
        argv.append("help")
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:  # a setting the operator must fix: the message, not a traceback
        sys.exit(f"samverkan: {error}")


if __name__ == "__main__":
    main()
