"""Key points: 3 to 5 short sentences from the abstract, each labelled with its role
(problem, method, result, limitation), in the order a reader would want them.
"""
from __future__ import annotations

import re

from server.summaries.candidates import clause_prefixes
from server.summaries.sentences import strip_lead_in

MIN_POINTS, MAX_POINTS = 3, 5
MAX_POINT_WORDS = 30

_METHOD = re.compile(r"\b(?:we|this paper|this work|our (?:method|approach|model|framework|algorithm))"
                     r"\s+(?:\w+\s+)?(?:propose|present|introduce|develop|design|describe|build|"
                     r"formulate|devise|use|leverage|employ|train|learn|consider|study|"
                     r"investigate|explore|extend|apply|provide|define|analy[sz]e|show how)", re.I)
_RESULT = re.compile(r"\b(?:results?|outperform\w*|state[- ]of[- ]the[- ]art|achiev\w*|"
                     r"improv\w*|experiments? (?:show|demonstrate|on)|we (?:show|demonstrate|find|"
                     r"observe|prove)|empirical\w*|evaluat\w*|accuracy|speed-?up|reduc\w*|"
                     r"effective\w*|significant\w*)\b", re.I)
_LIMITATION = re.compile(r"^however\b|\b(?:limitation\w*|limited to|fails? to|cannot|"
                         r"(?:does|do) not (?:help|work|apply|scale|generali[sz]e|transfer|hold|"
                         r"improve|capture|handle|account)|"
                         r"future work|remains? (?:open|unclear|challenging)|at the cost of|"
                         r"only (?:applies|works)|drawback\w*|caveat)\b", re.I)
_PROBLEM = re.compile(r"\b(?:however|challeng\w*|problem\w*|difficult\w*|lack\w*|suffer\w*|"
                      r"expensive|costly|unclear|remains?|bottleneck|issue\w*|limited|"
                      r"although|despite|struggle\w*|prohibitive|hard)\b", re.I)


def classify(sentences: list[str]) -> list[str]:
    """A role for each sentence: cues first, then position relative to the first method claim."""
    first_method = next((i for i, s in enumerate(sentences) if _METHOD.search(s)), None)
    roles = []
    for index, sentence in enumerate(sentences):
        if first_method is not None and index == first_method:
            roles.append("method")
        elif _LIMITATION.search(sentence) and (first_method is None or index > first_method):
            roles.append("limitation")
        elif _RESULT.search(sentence) and index > 0:
            roles.append("result")
        elif first_method is not None and index < first_method or _PROBLEM.search(sentence):
            roles.append("problem")
        else:
            roles.append("method")
    return roles


def extract_key_points(sentences: list[str]) -> list[dict]:
    roles = classify(sentences)
    chosen: list[int] = []
    for role in ("problem", "method", "result", "limitation"):
        matches = [i for i, r in enumerate(roles) if r == role]
        if matches:  # the last problem sentence leads into the method; the last result is the headline
            chosen.append(matches[0] if role == "method" else matches[-1])
    for index in range(len(sentences)):
        if len(chosen) >= MIN_POINTS:
            break
        if index not in chosen:
            chosen.append(index)
    chosen = sorted(chosen[:MAX_POINTS])
    return [{"role": roles[i], "text": shorten(sentences[i])} for i in chosen]


def shorten(sentence: str, limit: int = MAX_POINT_WORDS) -> str:
    """The sentence without its lead-in, cut at a clause boundary when longer than `limit` words."""
    sentence = strip_lead_in(sentence)
    if len(sentence.split()) <= limit:
        return sentence
    fitting = [p for p in clause_prefixes(sentence) if len(p.split()) <= limit]
    if fitting:
        return fitting[-1]
    return " ".join(sentence.split()[:limit]).rstrip(",;:") + " …"
