"""RDF and SPARQL as text and values, no store and no network: reading RDF files with line numbers
(``rdfio``: formats by extension, ``PREFIXES``), query answers as plain values and their formats
(``results``), and SPARQL text handling (``sparql_text``: what kind of query, which graphs it
names, parameters bound as escaped terms).

May use: the shared modules (``graphsvc.errors``). Used by every layer above it.
Entry points: ``rdfio.read_rdf_file``, ``sparql_text.shape_of``.
"""
