"""Full-text search: one Whoosh catalog per dossier, stored in ZODB (DESIGN §7).

- ``services``: what views, the API and the ``dmp`` command call (``search``,
  ``reindex_dossier``); ``queries`` says why a query cannot run (QueryError).
- ``subscribers`` keep each catalog in step with its documents, in the same transaction
  (``indexing`` applies a transaction's changes once, before it commits).
- ``extraction`` reads the text of uploads; ``jobs`` runs OCR (``ocr``) in the background.
- ``analysis``, ``thesaurus`` and ``schema`` say what is indexed, with the vocabulary of the
  top-level ``catalog/`` folder; ``catalog`` and ``storage`` keep the index in ZODB.
"""


def includeme(config):
    config.include(".jobs")
    config.scan()
