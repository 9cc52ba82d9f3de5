"""The one error type the knowledge layer raises for bad data or bad input."""


class KnowledgeError(ValueError):
    """A data file or a user input is invalid; the message names file/entry/field."""


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """Long work stopped because its caller asked (``cancelled()`` returned True)."""


class InputError(KnowledgeError):
    """A user-supplied value is invalid; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message
