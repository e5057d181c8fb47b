"""The write guard: updates and Graph Store writes need the configured Bearer token.

A service with no token configured is read-only and says so (403): no token can open it. With a
token, a missing or wrong one gets 401 and a ``WWW-Authenticate`` challenge. The comparison is
constant-time so the token cannot be guessed byte by byte from response times.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from ..errors import Forbidden, Unauthorized
from ..settings import Settings


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if that is what it is."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of the given token with the configured one."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_token(request: Request, settings: Settings) -> None:
    """Let a write through only with the right token; 403 when the service is read-only."""
    if settings.update_token is None:
        raise Forbidden(
            "this service is read-only: no write token is configured (GRAPHSVC_UPDATE_TOKEN)"
        )
    if not token_matches(bearer_token(request.headers.get("authorization")), settings.update_token):
        raise Unauthorized("writes need the service's token as 'Authorization: Bearer <token>'")
