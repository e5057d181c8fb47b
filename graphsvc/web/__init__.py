"""The service over HTTP: the app factory (``app.create_app``), the routes (``routes/``: SPARQL
Protocol, Graph Store, canned queries, linked data, dumps, pages), what every route shares
(``services``: settings, store, workers, kept answers, the write path), middleware, negotiated
responses, pages and their templates and scripts, the dashboard, VoID, the service description,
the ontology documentation, answers computed ahead (``warming``) and the allocator tuning of the
serving process.

May use: every layer below (query, ingest, store, rdf, shared); nothing imports it but the CLI.
Entry point: ``app.create_app(settings, store)``.
"""
