"""graphsvc: the HLM knowledge graph service (store, ingest, SPARQL endpoint, linked data)."""

__version__ = "0.1.0"
