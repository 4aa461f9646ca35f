"""Highlights: the words a search found in ``<mark>``, everything else HTML-escaped."""
import html
import re

from .analysis import indexed_terms

SNIPPET_CHARS = 240  # at most, in all
PASSAGES = 2
CONTEXT_CHARS = 50  # around the words found
SCANNED_CHARS = 20_000  # passages are looked for in the start of long texts only
_SPACES = re.compile(r"\s+")


def found_spans(text, terms):
    """(start, end) of the words of ``text`` that the index records as one of ``terms``,
    in order and not overlapping (a concept's whole name rather than its first word)."""
    spans = sorted({(start, -end) for term, start, end in indexed_terms(text) if term in terms})
    kept = []
    for start, negative_end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, -negative_end))
    return kept


def title_html(title, terms):
    """The whole title, escaped, the words found marked."""
    return _marked(title, found_spans(title, terms), 0, len(title))


def snippet_html(text, terms):
    """Up to two passages of ``text`` around the words found (or its start), escaped."""
    if not text:
        return ""
    spans = found_spans(text[:SCANNED_CHARS], terms)
    passages = _passages(text, spans) or [(0, SNIPPET_CHARS, [])]
    best = sorted(passages, key=lambda p: len({text[s:e].lower() for s, e in p[2]}),
                  reverse=True)[:PASSAGES]
    cut = [_cut(text, *passage) for passage in sorted(best)]
    return ("… " if cut[0][0] > 0 else "") + " … ".join(
        _marked(text, marked, start, end) for start, end, marked in cut) + (
        " …" if cut[-1][1] < len(text) else "")


def _passages(text, spans):
    """(start, end, spans): the spans with some context, those close together in one."""
    passages = []
    for span_start, span_end in spans:
        start = max(0, span_start - CONTEXT_CHARS)
        end = min(len(text), span_end + CONTEXT_CHARS)
        if passages and start <= passages[-1][1] and end - passages[-1][0] <= SNIPPET_CHARS:
            passages[-1][1] = end
            passages[-1][2].append((span_start, span_end))
        else:
            passages.append([start, end, [(span_start, span_end)]])
    return [tuple(passage) for passage in passages]


def _cut(text, start, end, spans):
    """``start`` and ``end`` moved so as not to cut a word."""
    end = min(end, len(text))
    if start > 0:
        space = _SPACES.search(text, start, spans[0][0] if spans else end)
        start = space.end() if space else start
    if end < len(text):
        spaces = list(_SPACES.finditer(text, spans[-1][1] if spans else start, end))
        end = spaces[-1].start() if spaces else end
    return start, end, spans


def _marked(text, spans, start, end):
    out, position = [], start
    for span_start, span_end in spans:
        out.append(_escaped(text[position:span_start]))
        out.append("<mark>%s</mark>" % _escaped(text[span_start:span_end]))
        position = span_end
    out.append(_escaped(text[position:end]))
    return "".join(out).strip()


def _escaped(text):
    return html.escape(_SPACES.sub(" ", text), quote=False)
