"""What the catalog records of a document: its title and text, under its oid.

Everything else a search filters, sorts or counts by (category, type, author, dates, access)
is read from the documents themselves, so that it is always current and the index stays small.
"""
import functools

from whoosh.fields import NUMERIC, TEXT, Schema

from .analysis import french_analyzer

TITLE_BOOST = 2.0


@functools.lru_cache(maxsize=1)
def catalog_schema():
    analyzer = french_analyzer()
    return Schema(
        # A column (sortable): read for every hit, much faster than stored fields. One term
        # per value (shift_step=0): no range queries on oids.
        oid=NUMERIC(numtype=int, bits=64, signed=True, unique=True, sortable=True,
                    shift_step=0),
        title=TEXT(analyzer=analyzer, phrase=True, field_boost=TITLE_BOOST),
        text=TEXT(analyzer=analyzer, phrase=True),
    )
