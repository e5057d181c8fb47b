"""rdflib-endpoint (from PyPI) serving an N-Quads dump: the baseline our service is compared to.

    python bench/rdflib_endpoint_app.py DUMP.nq PORT

The quads go into an rdflib Dataset whose default graph is the union of the named graphs, as in
our service, and the endpoint answers at /sparql like ours.
"""

from __future__ import annotations

import sys

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main(dump: str, port: int) -> None:
    dataset = Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/sparql", public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
