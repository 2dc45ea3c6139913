"""The reporting loop's own refusal: a state that does not allow the step (409)."""

from samverkan.core.errors import DomainError, Invalid


class Conflict(DomainError):
    """The report or round is not in a state that allows this step: 409 with the state in words."""

    status = 409


class ItemErrors(Invalid):
    """Values refused item by item (422): `errors` maps each item key to its message, for the form's fields."""

    def __init__(self, message: str, errors: dict[str, str]):
        super().__init__(message)
        self.errors = errors
