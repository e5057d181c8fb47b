"""Turn a serialised query answer into an HTTP response, the same way on every route.

The row cap is announced in headers (``X-Result-Limit`` always, ``X-Result-Truncated`` and a
``Warning`` when it cut the answer) so that no client mistakes a capped answer for a full one.
"""

from __future__ import annotations

from fastapi.responses import Response

from .querying import QueryAnswer


def content_type(media_type: str) -> str:
    """Media type with the charset for textual formats (all of ours are UTF-8)."""
    if media_type.startswith("text/") or media_type.endswith(("json", "xml")):
        return f"{media_type}; charset=utf-8"
    return media_type


def limit_headers(answer: QueryAnswer, max_rows: int) -> dict[str, str]:
    headers = {"X-Result-Limit": str(max_rows)}
    if answer.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["Warning"] = f'199 graphsvc "results truncated at {max_rows} rows"'
    return headers


def answer_response(answer: QueryAnswer, max_rows: int) -> Response:
    """The HTTP response for an answer; ``Vary: Accept`` since the format was negotiated."""
    headers = {"Vary": "Accept", **limit_headers(answer, max_rows)}
    return Response(
        content=answer.body,
        media_type=content_type(answer.media_type),
        headers=headers,
    )
