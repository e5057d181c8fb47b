"""Our exception tree. Each error knows its HTTP status, so routes never map errors themselves.

The one handler in ``app.py`` turns a ``GraphSvcError`` into a plain-text answer with its status
(or its JSON ``details``, when it has some and the client asks for JSON); anything else is our bug
and stays a 500 (never disguised as a 400).
"""

from __future__ import annotations

from collections.abc import Mapping


class GraphSvcError(Exception):
    """Base of every error we raise on purpose."""

    status = 500

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers: dict[str, str] = dict(headers or {})

    def details(self) -> dict[str, object] | None:
        """The error as a JSON document for a client that asks for JSON; ``None``: text only."""
        return None


class BadRequest(GraphSvcError):
    status = 400


class Unauthorized(GraphSvcError):
    status = 401

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer realm="graphsvc"'})


class Forbidden(GraphSvcError):
    status = 403


class NotFound(GraphSvcError):
    status = 404


class MethodNotAllowed(GraphSvcError):
    status = 405


class NotAcceptable(GraphSvcError):
    status = 406


class PayloadTooLarge(GraphSvcError):
    status = 413


class UnsupportedMediaType(GraphSvcError):
    status = 415


class QueryTimeout(GraphSvcError):
    status = 503


class IngestError(GraphSvcError):
    """A file that cannot be ingested: names the file, the line when known, and why."""

    status = 422

    def __init__(self, path: str, message: str, *, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.reason = message


class CannedQueryError(GraphSvcError):
    """A broken canned query file; stops start-up, naming the file."""

    status = 500
