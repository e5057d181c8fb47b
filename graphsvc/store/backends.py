"""Open the store the settings ask for: embedded Oxigraph (default) or a remote SPARQL store."""

from __future__ import annotations

from ..settings import Settings
from .oxigraph import GraphStore, OxigraphStore


def open_configured_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """The store for these settings; ``read_only`` only matters for the embedded one."""
    if settings.store_kind == "sparql":
        # Imported here: httpx costs 0.25 s at every start of the embedded service and of each
        # of its query workers (they import the command's module).
        from .remote import RemoteEndpoint, RemoteSparqlStore

        assert settings.sparql_query_url is not None
        endpoint = RemoteEndpoint(
            query_url=settings.sparql_query_url,
            update_url=settings.sparql_update_url or settings.sparql_query_url,
            user=settings.sparql_user,
            password=settings.sparql_password,
            auth_scheme=settings.sparql_auth,
            timeout=settings.query_timeout,
        )
        return RemoteSparqlStore(endpoint, graph_prefix=f"{settings.base_iri}graph/")
    store_dir = settings.store_dir
    return OxigraphStore(store_dir, read_only=read_only and store_dir is not None)
