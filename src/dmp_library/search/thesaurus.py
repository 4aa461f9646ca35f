"""The catalog's vocabulary, read from the top-level ``catalog/`` folder (DESIGN §7).

``stopwords.txt`` lists words too common to search for. Every other ``*.txt`` file is a
thesaurus, one entry per line::

    HTA = hypertension artérielle => maladie cardiovasculaire
    warfarine = Coumadine => AVK, anticoagulant

Terms joined by ``=`` are one concept: each finds the others. Terms after ``=>`` are broader
concepts: a document naming the concept is also found by them, not the other way round (a
search for "anticoagulant" finds "warfarine"; a search for "warfarine" does not find every
anticoagulant). Lines naming a term already seen extend its concept; ``#`` starts a comment.

Terms are compared as the analyzer sees them (lower case, accents folded, stop words out,
stemmed), so "hypertensions artérielles" is the same term as "hypertension arterielle".
"""
import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.lang import stemmer_for_language

CATALOG_DIR = Path(os.environ.get("DMP_CATALOG_DIR")
                   or Path(__file__).resolve().parents[3] / "catalog")
STOPWORDS_FILE = "stopwords.txt"
WORD = re.compile(r"\w+")
# Letters that Unicode does not decompose into a base letter plus an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})


def strip_accents(text):
    """"œdème" -> "oedeme" (lower case text)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text):
    """Lower case without accents or ligatures: "Œdème" -> "oedeme"."""
    return strip_accents(text.lower())


# The French Snowball stemmer, with a cache: it is the slowest step of the analysis.
stem = functools.lru_cache(maxsize=100_000)(stemmer_for_language("fr"))


@dataclass(eq=False)  # concepts are compared and hashed by identity
class Concept:
    """Terms that mean the same thing; ``word`` is the one the index records for all."""

    word: str
    broader: set = field(default_factory=set)  # Concepts
    broader_words: tuple = ()  # the words of every broader concept, transitively


@dataclass(eq=False)
class Thesaurus:
    stopwords: frozenset
    # Stemmed term (a tuple of stems) -> its concept.
    concepts: dict
    stem: object = stem

    def __post_init__(self):
        self.longest = max((len(key) for key in self.concepts), default=1)  # words in a term
        self.first_stems = frozenset(key[0] for key in self.concepts)


def _lines(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def read_stopwords(directory):
    return frozenset(fold(word) for line in _lines(directory / STOPWORDS_FILE)
                     for word in line.split())


class _Builder:
    def __init__(self, stopwords):
        self.stopwords = stopwords
        self.concepts = {}

    def words(self, term):
        return [word for word in WORD.findall(fold(term)) if word not in self.stopwords]

    def key(self, term):
        words = self.words(term)
        if not words:
            raise ValueError("no searchable word in thesaurus term %r" % term)
        return tuple(stem(word) for word in words)

    def concept(self, term):
        key = self.key(term)
        if key not in self.concepts:
            self.concepts[key] = Concept("".join(self.words(term)))
        return self.concepts[key]

    def add_line(self, line):
        equivalents, _arrow, broader = line.partition("=>")
        terms = [term.strip() for term in equivalents.split("=") if term.strip()]
        concept = self.concept(terms[0])
        for term in terms[1:]:
            self.merge(concept, self.concept(term))
        for term in broader.split(","):
            if term.strip():
                concept.broader.add(self.concept(term.strip()))

    def merge(self, kept, other):
        if other is kept:
            return
        kept.broader |= other.broader
        for key, concept in self.concepts.items():
            if concept is other:
                self.concepts[key] = kept
            concept.broader = {kept if each is other else each for each in concept.broader}


def read_thesaurus(directory=CATALOG_DIR):
    """The vocabulary of ``directory``; raises ValueError on an entry it cannot use."""
    directory = Path(directory)
    builder = _Builder(read_stopwords(directory))
    for path in sorted(directory.glob("*.txt")):
        if path.name != STOPWORDS_FILE:
            for line in _lines(path):
                try:
                    builder.add_line(line)
                except ValueError as error:
                    raise ValueError("%s: %s" % (path.name, error)) from None
    for concept in builder.concepts.values():
        concept.broader_words = _broader_words(concept)
    return Thesaurus(builder.stopwords, builder.concepts)


def _broader_words(concept):
    seen, todo = set(), list(concept.broader)
    while todo:
        current = todo.pop()
        if current.word not in seen:
            seen.add(current.word)
            todo.extend(current.broader)
    seen.discard(concept.word)
    return tuple(sorted(seen))


@functools.lru_cache(maxsize=1)
def thesaurus():
    """The vocabulary of ``catalog/``, read once per process."""
    return read_thesaurus(CATALOG_DIR)
