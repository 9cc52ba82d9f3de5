"""Error types of the knowledge layer.

Two different failures, one common base:

- :class:`DataError` - a file the program ships or reads as its knowledge base is broken
  (a developer or data maintainer must fix it); the message names file, entry and field.
- :class:`InputError` - a value the user typed or passed is invalid (the user fixes it);
  ``field`` names the input so a form can put the message next to it.

Both derive from :class:`KnowledgeError`, so existing ``except KnowledgeError`` clauses
keep catching everything the layer raises on purpose.
"""


class KnowledgeError(ValueError):
    """A data file or a user input is invalid; the message names file/entry/field."""


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """Long work stopped because its caller asked (``cancelled()`` returned True)."""


class DataError(KnowledgeError):
    """A knowledge-base file (TOML/CSV under resources/) is broken.

    ``file``, ``entry`` and ``field`` locate the problem; when ``file`` is not given it is
    taken from the message's first part ("algorithms/xgboost.toml: ...").
    """

    def __init__(self, message: str, *, file: str = "", entry: str = "",
                 field: str = "") -> None:
        super().__init__(message)
        self.file = file or message.split(":", 1)[0]
        self.entry = entry
        self.field = field


class InputError(KnowledgeError):
    """A user-supplied value is invalid; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message
