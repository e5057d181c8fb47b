"""Frozen settings read from ``GRAPHSVC_*`` environment variables.

Nothing here touches the disk or the network: a test builds its own ``Settings`` and hands it to
``create_app``; the CLI builds one from the environment and its flags.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .shipped import shipped_dir

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DIR = shipped_dir()
DEFAULT_BASE_IRI = "https://w3id.org/hlm/"


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a number of seconds, got {raw!r}") from error
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from error
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


def _megabytes(env: Mapping[str, str], name: str, default: float) -> int:
    """A size in MiB (fractions allowed) as bytes; 0 turns the feature off."""
    raw = env.get(name)
    if raw is None or raw == "":
        return int(default * 1024 * 1024)
    try:
        value = float(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a number of MiB, got {raw!r}") from error
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, got {raw!r}")
    return int(value * 1024 * 1024)


def default_node_modules() -> Path:
    """Where the front-end packages are when ``GRAPHSVC_NODE_MODULES`` does not say.

    A checkout has them in its ``node_modules`` after ``npm ci``; an installed wheel carries the
    files the pages use in ``graphsvc/shipped/vendor`` (same layout), copied there at build time.
    """
    checkout = PROJECT_ROOT / "node_modules"
    if (PROJECT_ROOT / "package.json").is_file():
        return checkout
    return SHIPPED_DIR / "vendor"


@dataclass(frozen=True)
class Settings:
    """Everything the service and the CLI can be configured with.

    ``store_dir`` ``None`` means an in-memory store (tests); otherwise Oxigraph persists there.
    ``update_token`` ``None`` means read-only: no write route accepts anything.
    """

    store_dir: Path | None = None
    base_iri: str = DEFAULT_BASE_IRI
    update_token: str | None = None
    query_timeout: float = 30.0
    max_rows: int = 100_000
    max_query_length: int = 100_000
    max_body_bytes: int = 10 * 1024 * 1024
    reasoner: str = "rules"
    validator: str = "sparql"
    query_workers: int = 2
    worker_store: str = "auto"
    answer_cache_bytes: int = 128 * 1024 * 1024  # canned-query answers kept until a write; 0: none
    store_kind: str = "oxigraph"
    sparql_query_url: str | None = None
    sparql_update_url: str | None = None
    sparql_user: str | None = None
    sparql_password: str | None = None
    sparql_auth: str = "digest"
    # Where ontology/, data/ and queries/ are read from: the package's own copy by default.
    shipped_dir: Path = SHIPPED_DIR
    queries_dir: Path = field(default=SHIPPED_DIR / "queries")
    # Front-end packages (YASGUI, cytoscape.js) as `npm ci` installs them; served, never committed.
    node_modules: Path = field(default_factory=lambda: default_node_modules())

    @property
    def ontology_dir(self) -> Path:
        return self.shipped_dir / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.shipped_dir / "data"

    @property
    def read_only(self) -> bool:
        return self.update_token is None

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some fields changed (for CLI flags and tests)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read ``GRAPHSVC_*`` variables; unset ones keep their defaults.

        ``GRAPHSVC_STORE_DIR`` set to ``:memory:`` asks for an in-memory store.
        """
        env = os.environ if env is None else env
        store_raw = env.get("GRAPHSVC_STORE_DIR", str(Path("var") / "store"))
        store_dir = None if store_raw == ":memory:" else Path(store_raw)
        base_iri = env.get("GRAPHSVC_BASE_IRI", DEFAULT_BASE_IRI)
        if not base_iri.endswith("/"):
            raise ValueError(f"GRAPHSVC_BASE_IRI must end with '/', got {base_iri!r}")
        token = env.get("GRAPHSVC_UPDATE_TOKEN") or None
        reasoner = env.get("GRAPHSVC_REASONER", "rules")
        if reasoner not in ("rules", "owlrl"):
            raise ValueError(f"GRAPHSVC_REASONER must be 'rules' or 'owlrl', got {reasoner!r}")
        validator = env.get("GRAPHSVC_VALIDATOR", "sparql")
        if validator not in ("sparql", "pyshacl"):
            raise ValueError(f"GRAPHSVC_VALIDATOR must be 'sparql' or 'pyshacl', got {validator!r}")
        queries_dir = Path(env.get("GRAPHSVC_QUERIES_DIR", str(SHIPPED_DIR / "queries")))
        store_kind = env.get("GRAPHSVC_STORE", "oxigraph")
        if store_kind not in ("oxigraph", "sparql"):
            raise ValueError(f"GRAPHSVC_STORE must be 'oxigraph' or 'sparql', got {store_kind!r}")
        query_url = env.get("GRAPHSVC_SPARQL_QUERY_URL") or None
        if store_kind == "sparql" and query_url is None:
            raise ValueError("GRAPHSVC_STORE=sparql needs GRAPHSVC_SPARQL_QUERY_URL")
        worker_store = env.get("GRAPHSVC_WORKER_STORE", "auto")
        if worker_store not in ("auto", "memory", "disk"):
            raise ValueError(
                f"GRAPHSVC_WORKER_STORE must be 'auto', 'memory' or 'disk', got {worker_store!r}"
            )
        auth = env.get("GRAPHSVC_SPARQL_AUTH", "digest")
        if auth not in ("digest", "basic"):
            raise ValueError(f"GRAPHSVC_SPARQL_AUTH must be 'digest' or 'basic', got {auth!r}")
        return cls(
            store_dir=store_dir,
            base_iri=base_iri,
            update_token=token,
            query_timeout=_float(env, "GRAPHSVC_QUERY_TIMEOUT", 30.0),
            max_rows=_int(env, "GRAPHSVC_MAX_ROWS", 100_000),
            max_query_length=_int(env, "GRAPHSVC_MAX_QUERY_LENGTH", 100_000),
            max_body_bytes=_int(env, "GRAPHSVC_MAX_BODY_BYTES", 10 * 1024 * 1024),
            reasoner=reasoner,
            validator=validator,
            query_workers=_int(env, "GRAPHSVC_QUERY_WORKERS", 2),
            worker_store=worker_store,
            answer_cache_bytes=_megabytes(env, "GRAPHSVC_ANSWER_CACHE_MB", 128.0),
            store_kind=store_kind,
            sparql_query_url=query_url,
            sparql_update_url=env.get("GRAPHSVC_SPARQL_UPDATE_URL") or query_url,
            sparql_user=env.get("GRAPHSVC_SPARQL_USER") or None,
            sparql_password=env.get("GRAPHSVC_SPARQL_PASSWORD") or None,
            sparql_auth=auth,
            queries_dir=queries_dir,
            node_modules=Path(env.get("GRAPHSVC_NODE_MODULES", str(default_node_modules()))),
        )
