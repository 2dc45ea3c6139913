"""Notices: e-mail to the right people through the task queue, each message sent once, and each person's choice of
which kinds they receive."""
