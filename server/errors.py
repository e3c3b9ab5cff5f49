"""Domain exceptions, named for what went wrong. No HTTP here: api/errors.py maps them."""


class PaperGistError(Exception):
    """Base class; `message` is written for the person who reads it."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


class InvalidPaperIdError(PaperGistError):
    """A paper id or address that cannot name a paper."""


class PaperNotFoundError(PaperGistError):
    """No paper with that id has been submitted."""


class UpstreamUnavailableError(PaperGistError):
    """An outside service (arXiv, Semantic Scholar, an LLM server) failed or timed out."""


class AuthenticationError(PaperGistError):
    """No token, or a token that names no account."""


class InvalidListNameError(PaperGistError):
    """A list name outside the allowed characters or length."""


class ListNotFoundError(PaperGistError):
    """The account has no list, or no such item in a list, by that name."""


class ListFullError(PaperGistError):
    """A list already holds as many papers as a list may."""


class InvalidLinkError(PaperGistError):
    """A digest link that is not signed by this server, was altered, or has expired."""


class NotSubscribedError(PaperGistError):
    """The list has no daily digest subscription."""


class TransferInProgressError(PaperGistError):
    """The account already has an import (or an export) running; one runs at a time."""


class TransferNotFoundError(PaperGistError):
    """No import or export by that id in the account (or it has expired)."""


class FileTooLargeError(PaperGistError):
    """An uploaded or exported file past the size an import may have."""


class UploadsBusyError(PaperGistError):
    """The web processes are receiving as many large bodies as they may at once; try again soon."""
    retry_after_seconds = 2
