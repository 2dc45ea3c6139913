"""A mail backend whose first send fails, as a connection dropped after the claim and before the send."""

from django.core.mail.backends.locmem import EmailBackend


class FirstSendFails(EmailBackend):
    failures = 0

    def send_messages(self, messages):
        if FirstSendFails.failures == 0:
            FirstSendFails.failures += 1
            raise ConnectionError("the mail server hung up")
        return super().send_messages(messages)
