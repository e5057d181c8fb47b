"""A remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, QLever…) behind ``GraphStore``.

Everything goes through the SPARQL 1.1 Protocol: queries to the query URL, updates to the update
URL (HTTP Basic or Digest credentials when given). The service then keeps no state of its own, so
several replicas can stand in front of one clustered store.

Three things differ from the embedded store and are handled here, once:
- *Our graphs only.* A server holds its own system graphs (Virtuoso's ``virtrdf#``…). The union
  default graph is therefore built from our named graphs (those under ``{base}graph/``), sent as
  ``default-graph-uri`` / ``named-graph-uri``.
- *Bound parameters.* Oxigraph binds substitutions before evaluation; over the protocol they become
  a ``VALUES`` block at the start of the query's top-level group, built from escaped terms.
- *Server quirks.* Virtuoso 7 answers ASK as a one-row table (``__ASK_RETVAL``); it is turned back
  into a boolean.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import httpx
import pyoxigraph as ox

from ..errors import BadRequest, GraphSvcError, QueryTimeout
from ..rdf.results import Solutions, Term, from_json
from ..rdf.sparql_text import bind_values, shape_of
from .oxigraph import Dataset, QueryResult

BATCH_TRIPLES = 5_000
JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class RemoteStoreError(GraphSvcError):
    """The remote store refused or failed a request (502: the fault is upstream)."""

    status = 502


@dataclass(frozen=True)
class RemoteEndpoint:
    """Where the remote store listens, and how to authenticate for updates."""

    query_url: str
    update_url: str
    user: str | None = None
    password: str | None = None
    auth_scheme: str = "digest"  # or "basic"
    timeout: float = 30.0


def _ask_as_boolean(document: dict[str, object]) -> bool | None:
    """Virtuoso's table-shaped ASK answer, read as the boolean it means."""
    head = document.get("head")
    if not isinstance(head, dict) or head.get("vars") != ["__ASK_RETVAL"]:
        return None
    results = document.get("results")
    bindings = results.get("bindings", []) if isinstance(results, dict) else []
    value = bindings[0]["__ASK_RETVAL"]["value"] if bindings else "0"
    return str(value) in ("1", "true")


def _normalise_json(raw: bytes) -> bytes:
    """Results JSON as the standard says: booleans for ASK, ``literal`` for ``typed-literal``."""
    document = json.loads(raw)
    boolean = _ask_as_boolean(document)
    if boolean is not None:
        return json.dumps({"head": {}, "boolean": boolean}).encode()
    results = document.get("results", {})
    for binding in results.get("bindings", []):
        for value in binding.values():
            if value.get("type") == "typed-literal":
                value["type"] = "literal"
    document.get("head", {}).pop("link", None)
    return json.dumps(document).encode()


class RemoteSparqlStore:
    """The ``GraphStore`` interface over the SPARQL 1.1 Protocol."""

    def __init__(self, endpoint: RemoteEndpoint, graph_prefix: str) -> None:
        self.endpoint = endpoint
        self.graph_prefix = graph_prefix
        auth: httpx.Auth | None = None
        if endpoint.user is not None and endpoint.password is not None:
            auth = (
                httpx.DigestAuth(endpoint.user, endpoint.password)
                if endpoint.auth_scheme == "digest"
                else httpx.BasicAuth(endpoint.user, endpoint.password)
            )
        self._client = httpx.Client(timeout=endpoint.timeout)
        self._auth = auth

    def _post(self, url: str, data: dict[str, object], accept: str, auth: bool = False) -> bytes:
        try:
            answer = self._client.post(
                url,
                data=data,
                headers={"Accept": accept},
                auth=self._auth if auth and self._auth is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.TimeoutException:
            raise QueryTimeout(
                f"the remote store did not answer within {self.endpoint.timeout:g} s"
            ) from None
        except httpx.HTTPError as error:
            raise RemoteStoreError(f"the remote store cannot be reached: {error}") from None
        if answer.status_code == 400:
            raise BadRequest(f"the remote store refused the request: {answer.text[:500]}")
        if answer.status_code >= 300:
            raise RemoteStoreError(
                f"the remote store answered {answer.status_code}: {answer.text[:500]}"
            )
        return answer.content

    def _dataset_params(self, dataset: Dataset | None) -> dict[str, object]:
        ours = self.graph_names()
        default = (
            ours if dataset is None or dataset.default_graphs is None else dataset.default_graphs
        )
        named = ours if dataset is None or dataset.named_graphs is None else dataset.named_graphs
        return {"default-graph-uri": list(default), "named-graph-uri": list(named)}

    def query(
        self,
        sparql: str,
        dataset: Dataset | None = None,
        substitutions: Mapping[str, Term] | None = None,
        base_iri: str | None = None,
        stream: bool = False,
    ) -> QueryResult:
        # Parse here first: the same syntax errors, worded the same way, whatever the backend.
        ox.Store().query(sparql, base_iri=base_iri)
        text = bind_values(sparql, substitutions)
        shape = shape_of(text)
        if base_iri is not None and not shape.declares_base:
            # Virtuoso refuses a second BASE (SP030); the query's own one is what counts anyway.
            text = f"BASE <{base_iri}>\n{text}"
        form = shape.form
        params: dict[str, object] = {"query": text, **self._dataset_params(dataset)}
        if form in ("CONSTRUCT", "DESCRIBE"):
            raw = self._post(self.endpoint.query_url, params, N_TRIPLES)
            return _triples(raw)
        raw = self._post(self.endpoint.query_url, params, JSON_RESULTS)
        return from_json(json.loads(_normalise_json(raw)))

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        ox.Store().update(sparql, base_iri=base_iri)  # syntax errors worded as everywhere else
        prepend = base_iri is not None and not shape_of(sparql).declares_base
        text = f"BASE <{base_iri}>\n{sparql}" if prepend else sparql
        self._post(self.endpoint.update_url, {"update": text}, "*/*", auth=True)

    def graph_names(self) -> list[str]:
        raw = self._post(
            self.endpoint.query_url,
            {"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
            JSON_RESULTS,
        )
        document = json.loads(raw)
        names = {b["g"]["value"] for b in document["results"]["bindings"] if "g" in b}
        return sorted(n for n in names if n.startswith(self.graph_prefix))

    def replace_graphs(self, graphs: Mapping[str, Sequence[ox.Triple]]) -> None:
        """Drop and refill each graph: one request when it fits, batches when it does not
        (a store's request size limits make one huge request fail; batches are not atomic)."""
        drops = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
        batches = list(_insert_batches(graphs))
        first = " ;\n".join(drops + batches[:1])
        if first:
            self.update(first)
        for batch in batches[1:]:
            self.update(batch)

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        names = list(graphs)
        if names:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in names))

    def triples(self, graph: str | None) -> Iterator[ox.Triple]:
        """A named graph's triples. The server's own default graph is not ours (Virtuoso's is
        the union of every graph, ours included, and its system graphs): it holds nothing of
        ours, so it yields nothing. Read as ours, it made every write re-assert the inferred
        graph and shrink it to what the write alone entailed."""
        if graph is None:
            return
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        yield from _triples(self._post(self.endpoint.query_url, {"query": query}, N_TRIPLES))

    def quads(self) -> Iterator[ox.Quad]:
        for graph in self.graph_names():
            name = ox.NamedNode(graph)
            for triple in self.triples(graph):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, Solutions)
        count = next(iter(result))["n"]
        return int(count.value) if isinstance(count, ox.Literal) else 0

    def close(self) -> None:
        self._client.close()


def _triples(raw: bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]


def _blank_key(triple: ox.Triple) -> str | None:
    """The blank node a triple hangs on, so that all its triples travel in one request."""
    for term in (triple.subject, triple.object):
        if isinstance(term, ox.BlankNode):
            return term.value
    return None


def _insert_batches(graphs: Mapping[str, Sequence[ox.Triple]]) -> Iterator[str]:
    """``INSERT { … } WHERE {}`` requests of about ``BATCH_TRIPLES`` triples each.

    Not ``INSERT DATA``: Virtuoso 7 refuses blank nodes there. In a template, one label is one
    fresh blank node per request, so the triples of a blank node are kept in the same request.
    """
    for name, triples in graphs.items():
        groups: dict[str | None, list[ox.Triple]] = {}
        for triple in triples:
            groups.setdefault(_blank_key(triple), []).append(triple)
        chunk: list[ox.Triple] = []
        for key, group in groups.items():
            for part in [group] if key is not None else _slices(group):
                if chunk and len(chunk) + len(part) > BATCH_TRIPLES:
                    yield _insert(name, chunk)
                    chunk = []
                chunk.extend(part)
        if chunk:
            yield _insert(name, chunk)


def _slices(triples: list[ox.Triple]) -> Iterator[list[ox.Triple]]:
    for start in range(0, len(triples), BATCH_TRIPLES):
        yield triples[start : start + BATCH_TRIPLES]


def _insert(graph: str, triples: Sequence[ox.Triple]) -> str:
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"INSERT {{ GRAPH <{graph}> {{\n{body}\n}} }} WHERE {{}}"
