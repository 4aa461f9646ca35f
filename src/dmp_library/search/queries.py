"""What people type in the search box, as a Whoosh query, or a message saying what to change.

The syntax: every word is required; ``"exact words"`` in that order; ``cardio*`` for the words
starting with "cardio"; ``OR`` (``OU``) between alternatives, each a word, a phrase or words
typed together (``insuffisance rénale OR dialyse``); ``-word`` or ``NOT`` (``SAUF``) ``word``
leaves out the documents with that word. ``AND`` (``ET``) may be written; it changes nothing.
Other punctuation separates words.
"""
import re
from dataclasses import dataclass

from whoosh.query import And, AndNot, Or, Phrase, Prefix, Term

from ..i18n import _
from .analysis import french_analyzer
from .thesaurus import WORD, fold, stem

FIELDS = ("title", "text")
MAX_LENGTH = 500  # characters
MAX_TERMS = 32
MIN_PREFIX = 3  # letters before a *

OPERATORS = {"AND": "AND", "ET": "AND", "OR": "OR", "OU": "OR", "NOT": "NOT", "SAUF": "NOT"}
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_CHUNK = re.compile(r'"([^"]*)"|(\S+)')


class QueryError(Exception):
    """A query that cannot be run; ``message`` tells the person who typed it what to change."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def empty_query():
    return QueryError(_("Type one or more words to search for."))


def only_common_words():
    return QueryError(_("These words are too common to search for: add a more specific word."))


def unbalanced_quotes():
    return QueryError(_("A quotation mark is not closed: close it to search for these exact "
                        "words, or remove it."))


def stray_operator(operator):
    """``operator`` as typed: AND, OR, NOT, their French forms, - or *."""
    if operator == "*":
        return QueryError(_("* must end a word, to find the words starting with it, for "
                            "example: cardio*."))
    if OPERATORS.get(operator) == "NOT" or operator == "-":
        return QueryError(_("${operator} must come just before a word to leave out, for "
                            "example: diabète ${operator} gestationnel.",
                            mapping={"operator": operator}))
    return QueryError(_("${operator} must stand between two words, for example: asthme "
                        "${operator} allergie.", mapping={"operator": operator}))


def only_exclusions():
    return QueryError(_("Add a word to look for: a search cannot only leave words out."))


def short_prefix():
    return QueryError(_("Type at least ${count} letters before *.",
                        mapping={"count": MIN_PREFIX}))


def too_long():
    return QueryError(_("This search is too long: use at most ${count} words.",
                        mapping={"count": MAX_TERMS}))


@dataclass
class ParsedQuery:
    query: object  # the Whoosh query to run
    positive: object  # its part that finds documents: the terms to highlight are there


@dataclass
class _Operand:
    kind: str  # "words", "phrase" or "prefix"
    text: str
    negated: bool = False


def parse_query(text):
    """The Whoosh query for ``text``; raises QueryError."""
    text = (text or "").translate(_QUOTES).strip()
    if len(text) > MAX_LENGTH:
        raise too_long()
    if text.count('"') % 2:
        raise unbalanced_quotes()
    clauses = _clauses(_negate_and_group(_lex(text)))
    if not clauses:
        raise empty_query()
    positives, negatives = [], []
    for clause in clauses:
        queries = [query for query in map(_operand_query, clause) if query is not None]
        if queries:
            (negatives if clause[0].negated else positives).append(_or(queries))
    if len({text for query in positives + negatives for _f, text in query.iter_all_terms()}
           ) > MAX_TERMS:
        raise too_long()
    if not positives:
        raise only_common_words() if any(not c[0].negated for c in clauses) else only_exclusions()
    positive = positives[0] if len(positives) == 1 else And(positives)
    query = AndNot(positive, _or(negatives)) if negatives else positive
    return ParsedQuery(query=query, positive=positive)


def _lex(text):
    """Operands and operators (as typed), in order."""
    items = []
    for match in _CHUNK.finditer(text):
        phrase, chunk = match.groups()
        if phrase is not None:
            items.append(_Operand("phrase", phrase))
        elif chunk in OPERATORS:
            items.append(chunk)
        elif chunk.startswith("-") and WORD.search(chunk):
            items += ["-", _word_operand(chunk.lstrip("-"))]
        elif WORD.search(chunk):
            items.append(_word_operand(chunk))
        elif "*" in chunk:
            raise stray_operator("*")
        elif "-" in chunk:
            raise stray_operator("-")
    return items


def _word_operand(chunk):
    chunk = chunk.lstrip("+")
    if chunk.startswith("*"):
        raise stray_operator("*")
    if chunk.endswith("*"):
        return _Operand("prefix", chunk.rstrip("*"))
    return _Operand("words", chunk.replace("*", " "))


def _negate_and_group(items):
    """NOT applied to the operand after it; words typed together joined into one operand."""
    grouped, negation = [], None
    for item in items:
        if isinstance(item, str):
            if negation:
                raise stray_operator(negation)
            if OPERATORS.get(item, item) in ("NOT", "-"):
                negation = item
            else:
                grouped.append(item)
            continue
        item.negated = negation is not None
        negation = None
        previous = grouped[-1] if grouped else None
        if (isinstance(previous, _Operand) and previous.kind == item.kind == "words"
                and not (previous.negated or item.negated)):
            previous.text += " " + item.text
        else:
            grouped.append(item)
    if negation:
        raise stray_operator(negation)
    return grouped


def _clauses(items):
    """The operands as clauses, all required, each of alternatives joined by OR."""
    clauses, joining, expecting = [], False, True  # expecting: an operand must come next
    for item in items:
        if isinstance(item, str):  # AND or OR
            if expecting:
                raise stray_operator(item)
            joining, expecting = OPERATORS[item] == "OR", True
        else:
            if joining:
                clauses[-1].append(item)
            else:
                clauses.append([item])
            joining = expecting = False
    if items and expecting:
        raise stray_operator(items[-1])
    for clause in clauses:
        if len({operand.negated for operand in clause}) > 1:
            raise stray_operator("OR")
    return clauses


def _operand_query(operand):
    """The Whoosh query of one operand, None when it has only stop words."""
    analyzer = french_analyzer()
    if operand.kind == "prefix":
        words = WORD.findall(fold(operand.text))
        start = words[-1]
        if len(start) < MIN_PREFIX:
            raise short_prefix()
        before = [t.text for t in analyzer(" ".join(words[:-1]), mode="query")]
        # The index holds stems: "diabétique*" must also find "diabet", the stem.
        starts = {start, stem(start)} if len(stem(start)) >= MIN_PREFIX else {start}
        return _and([_any_field(Term, word) for word in before]
                    + [_or([_any_field(Prefix, each) for each in sorted(starts)])])
    if operand.kind == "phrase":
        words = [t.text for t in analyzer(operand.text, mode="query", expand=False)]
        if len(words) > 1:
            return Or([Phrase(field, words) for field in FIELDS])
    else:
        words = list(dict.fromkeys(t.text for t in analyzer(operand.text, mode="query")))
    return _and([_any_field(Term, word) for word in words]) if words else None


def _any_field(query_class, text):
    return Or([query_class(field, text) for field in FIELDS])


def _and(queries):
    return queries[0] if len(queries) == 1 else And(queries)


def _or(queries):
    return queries[0] if len(queries) == 1 else Or(queries)
