"""Where the graph lives: the ``GraphStore`` interface and the embedded Oxigraph store
(``oxigraph``), the remote SPARQL 1.1 store behind the same interface (``remote``), the atomic
swap of a bulk-loaded copy (``swap``, ``bulkcopy``: a second process that loads a new copy beside
the store), and the choice between them from the settings (``backends``).

May use: ``graphsvc.rdf`` and the shared modules. Knows nothing of ingest, queries or the web.
Entry point: ``backends.open_configured_store(settings)``.
"""
