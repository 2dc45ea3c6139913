"""A rich progress display for long commands; plain lines when output is not a terminal."""

from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_display(stream):
    console = Console(file=stream)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        tasks: dict[str, int] = {}

        def make_callback(title: str):
            def callback(description: str, done: int, total: int) -> None:
                if title not in tasks:
                    tasks[title] = progress.add_task(title, total=max(total, 1))
                progress.update(
                    tasks[title], completed=done, total=max(total, 1), description=f"{title}: {description}"
                )

            return callback

        yield make_callback
