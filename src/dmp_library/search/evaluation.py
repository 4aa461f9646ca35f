"""Measuring search quality on graded queries (the corpus' ``queries.json``)."""
import math

CUTOFF = 10


def ndcg(ranked_ids, judgments, cutoff=CUTOFF):
    """nDCG@cutoff of a ranking, with graded judgments [{"doc_id", "grade"}] (linear gains;
    a document not judged counts 0)."""
    grades = {judgment["doc_id"]: judgment["grade"] for judgment in judgments}
    ideal = _dcg(sorted(grades.values(), reverse=True)[:cutoff])
    return _dcg([grades.get(doc_id, 0) for doc_id in ranked_ids[:cutoff]]) / ideal if ideal else 0.0


def _dcg(gains):
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))
