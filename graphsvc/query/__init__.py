"""Running a query: the Accept header turned into a format (``negotiation``), the canned queries
read once and bound as terms (``canned``), evaluation in killable worker processes
(``executor`` + ``querying``), answers cut at the row cap as they are written (``answer_rows``),
kept until the next write (``answer_cache``), and resources described for linked data
(``describe``).

May use: ``graphsvc.store``, ``graphsvc.rdf`` and the shared modules; never the web.
Entry points: ``querying.evaluate(store, job)`` in a worker, ``executor.start_workers`` for
the pool.
"""
