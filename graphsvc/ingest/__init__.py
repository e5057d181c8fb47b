"""What happens to a Turtle file: parsed (``graphsvc.rdf.rdfio``), SHACL-validated (``validation``
over the shapes compiled to SPARQL in ``shacl_sparql``, or pyshacl as the oracle), reasoned over
(``reasoning``: OWL RL as SPARQL rules from ``rules``, or owlrl as the oracle, inferred triples in
their own graph), then swapped into the store in one transaction (``pipeline``), all or nothing,
errors naming file and line. A SPARQL Update takes the same road (``update``): run on a staging
copy, then validated, reasoned over and swapped in, or refused with every violation.

May use: ``graphsvc.store``, ``graphsvc.rdf`` and the shared modules; never the web or queries.
Entry point: ``pipeline.ingest(store, paths, settings)``.
"""
