"""The French analyzer of the catalog (DESIGN §7); the order of the filters matters.

words (``\\w+``, so "l'hémoglobine" is two) | lower case | accents folded | French stop words
| thesaurus concepts (``thesaurus``) | French Snowball stemmer.
"""
import functools
from collections import deque
from itertools import islice

from whoosh.analysis import (
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)

from .thesaurus import WORD, fold, strip_accents, thesaurus

# A document that names a narrower concept ("warfarine") is found by the broader one
# ("anticoagulant"), but ranks below the documents that name it.
BROADER_WEIGHT = 0.5


class FoldFilter(Filter):
    """Accents and ligatures off, so that "glycemie" finds "glycémie" and back."""

    def __call__(self, tokens):
        for token in tokens:
            if not token.text.isascii():
                token.text = strip_accents(token.text)
            yield token


class ThesaurusFilter(Filter):
    """The thesaurus' concepts, found in the words and recorded as one word each.

    When indexing, each term of the thesaurus found in the text adds, at its position, the
    word of its concept and those of the broader concepts, the text's own words staying too.
    A query is reduced to the concepts' words, so that it finds every way of writing them;
    a quoted phrase (``expand=False``) keeps its own words.
    """

    def __init__(self, thesaurus):
        self.thesaurus = thesaurus

    def __call__(self, tokens):
        window = deque()
        for token in tokens:
            if token.stopped:  # only kept with removestops=False: never part of a term
                while window:
                    yield from self._front(window)
                yield token
                continue
            token = token.copy()  # tokenizers reuse one token object
            token.stem = self.thesaurus.stem(token.text)
            window.append(token)
            if len(window) >= self.thesaurus.longest:
                yield from self._front(window)
        while window:
            yield from self._front(window)

    def _front(self, window):
        """Emit what the first token of ``window`` starts, and drop it from the window."""
        if window[0].stem in self.thesaurus.first_stems:
            concepts = self.thesaurus.concepts
            for size in range(min(len(window), self.thesaurus.longest), 0, -1):
                concept = concepts.get(tuple(token.stem for token in islice(window, size)))
                if concept is not None:
                    matched = [window.popleft() for _each in range(size)]
                    yield from self._expand(matched, concept)
                    return
        yield window.popleft()

    def _expand(self, matched, concept):
        first, last = matched[0], matched[-1]
        if first.mode == "query":
            if getattr(first, "expand", True):
                yield _variant(first, last, concept.word)
            else:
                yield from matched
            return
        if not (len(matched) == 1 and first.text == concept.word):
            yield _variant(first, last, concept.word)
        for word in concept.broader_words:
            yield _variant(first, last, word, BROADER_WEIGHT)
        yield from matched


def _variant(first, last, word, weight=1.0):
    """A token for ``word`` spanning the tokens from ``first`` to ``last``."""
    token = first.copy()
    token.text = word
    token.boost = first.boost * weight
    if first.chars:
        token.endchar = last.endchar
    return token


class FrenchAnalyzer(CompositeAnalyzer):
    """Pickled by name: an index's table of contents then records no vocabulary."""

    def __reduce__(self):
        return french_analyzer, ()


@functools.lru_cache(maxsize=1)
def french_analyzer():
    vocabulary = thesaurus()
    return FrenchAnalyzer(
        RegexTokenizer(r"\w+"),
        LowercaseFilter(),
        FoldFilter(),
        StopFilter(stoplist=vocabulary.stopwords, minsize=1),
        ThesaurusFilter(vocabulary),
        StemFilter(stemfn=vocabulary.stem, cachesize=None),
    )


def indexed_terms(text):
    """(term, startchar, endchar) for each term indexing ``text`` records.

    The same terms as ``french_analyzer()(text, chars=True, mode="index")`` (a test checks
    it on the corpus), several times faster: snippets need them for every hit shown.
    """
    vocabulary = thesaurus()
    first_stems = vocabulary.first_stems
    words = [(match.start(), match.end(), key) for match in WORD.finditer(text)
             if (key := _word_stem(match.group())) is not None]
    index = 0
    while index < len(words):
        start, end, stem = words[index]
        if stem in first_stems:
            size, concept = _concept_at(vocabulary, words, index)
            if concept is not None:
                last = words[index + size - 1][1]
                for term in _concept_terms(concept):
                    yield term, start, last
                yield from ((s, b, e) for b, e, s in words[index:index + size])
                index += size
                continue
        yield stem, start, end
        index += 1


@functools.lru_cache(maxsize=200_000)
def _word_stem(word):
    """The term a word of text is indexed as, None for a stop word."""
    folded = fold(word)
    vocabulary = thesaurus()
    return None if folded in vocabulary.stopwords else vocabulary.stem(folded)


def _concept_at(vocabulary, words, index):
    """(number of words, concept) of the longest term at ``words[index]``, else (1, None)."""
    for size in range(min(len(words) - index, vocabulary.longest), 0, -1):
        concept = vocabulary.concepts.get(tuple(w[2] for w in words[index:index + size]))
        if concept is not None:
            return size, concept
    return 1, None


@functools.lru_cache(maxsize=10_000)
def _concept_terms(concept):
    stem = thesaurus().stem
    return tuple(dict.fromkeys(stem(word) for word in (concept.word,) + concept.broader_words))
