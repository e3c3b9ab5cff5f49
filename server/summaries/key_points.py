"""Key points: 3 to 5 short sentences from the abstract, each labelled with its role
(problem, method, result, limitation), in the order a reader would want them.

The roles come from the learned sentence-role model (roles.py, CSAbstruct's labels):
problem <- background before the contribution or else objective, method <- the first method
sentence (or an objective one), result <- a result sentence that reports one; of several
background or result sentences, the one the model is surest of (its forward-backward marginal).
On CSAbstruct dev, the share of key points whose gold label fits their role went from 74.2% (the
last background, the first result) to 78.6% (problem 85.1 -> 95.5, result 66.9 -> 70.2). CSAbstruct
has no limitation label, so a limitation is a rule: a result/other sentence after the method with a
limitation cue that speaks of the paper's own work, not of prior work ("existing methods fail to").
"""
from __future__ import annotations

import re

from server.summaries.candidates import clause_prefixes, resolve_reference, stands_alone
from server.summaries.roles import LABELS
from server.summaries.sentences import strip_lead_in

# The key-point rules' version, part of the engine name: a change here recomputes cached summaries.
RULES_VERSION = 4
# An opener that leans on the sentence before it; a key point is read on its own, so it goes
# ("On the other hand, real-world testing ..." and "For example, multi-agent approaches ..." in
# the read-through of 20 recent arXiv papers). The TL;DR's lead-ins (strip_lead_in) go too.
_LEANING_OPENER = re.compile(r"^(?:on the other hand|for (?:example|instance)|(?:taken )?together|"
                             r"as such|similarly|likewise|nevertheless|nonetheless|meanwhile|"
                             r"in turn|in comparison|by contrast)\s*,\s+|^(?:yet|but)\s+(?=\w)", re.I)
# "These results suggest ...": a key point's results are the paper's own, so "the" says the same.
_OWN_FINDINGS = re.compile(r"^(?:These|This|Such) (results?|findings?|experiments?|observations?|"
                           r"analys[ie]s|evaluations?)\b")

MIN_POINTS, MAX_POINTS = 3, 5
# A key point longer than this is cut at a clause, or with "…". At 30 words 14.6% of the key points
# of SciTLDR dev's 619 abstracts ended in "…", mid-phrase ("rather than semantic …", found reading
# 20 recent arXiv papers); at 45, 1.6%, for 23.6 words a point on average instead of 21.8.
MAX_POINT_WORDS = 45

_METHOD = re.compile(r"\b(?:we|this paper|this work|our (?:method|approach|model|framework|algorithm))"
                     r"\s+(?:\w+\s+)?(?:propose|present|introduce|develop|design|describe|build|"
                     r"formulate|devise|use|leverage|employ|train|learn|consider|study|"
                     r"investigate|explore|extend|apply|provide|define|analy[sz]e|show how)", re.I)
_RESULT = re.compile(r"\b(?:results?|outperform\w*|state[- ]of[- ]the[- ]art|achiev\w*|"
                     r"improv\w*|experiments? (?:show|demonstrate|on)|we (?:show|demonstrate|find|"
                     r"observe|prove)|empirical\w*|evaluat\w*|accuracy|speed-?up|reduc\w*|"
                     r"effective\w*|significant\w*)\b", re.I)
# A result reported in numbers or against others, which the role model may still label method.
_REPORTED = re.compile(r"\d(?:\.\d+)?\s*(?:%|percent\b|×|x\b|points?\b|dB\b)|\boutperform\w*", re.I)
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


# Prior work, not the paper's own: "existing methods fail to", "previous approaches cannot".
_OTHERS = re.compile(r"\b(?:existing|prior|previous|current|conventional|traditional|standard|"
                     r"state-of-the-art|most|many|these|such|other)\s+(?:\w+\s+)?(?:methods?|approaches|"
                     r"models?|works?|systems?|techniques?|studies|algorithms?|solutions?|baselines?)\b", re.I)
_OWN = re.compile(r"\b(?:we|our|ours|the proposed|this (?:method|approach|model|framework|work|paper|study))\b", re.I)
ROLE_OF_LABEL = {"background": "problem", "objective": "method", "method": "method", "result": "result",
                 "other": "other"}


_CLAIM = re.compile(r"\bwe (?:\w+ )?(?:propose|present|introduce)\b|"
                    r"\b(?:this|the present|our) (?:paper|work|study|article) (?:propos|present|introduc)\w*", re.I)
_NAME = re.compile(r"\b[A-Za-z]*[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*\b")  # PCRs, CodeT5, GPT-4


def is_own_limitation(sentence: str, own_names: set[str] = frozenset()) -> bool:
    """A limitation cue about the paper's own work: "we", "our", or the name it gives its method."""
    own = _OWN.search(sentence) or any(name in own_names for name in _NAME.findall(sentence))
    return bool(_LIMITATION.search(sentence) and own and not _OTHERS.search(sentence))


def choose_points(labels: list[str], sentences: list[str], said: frozenset[int] = frozenset(),
                  confidence=None) -> list[tuple[int, str]]:
    """(sentence index, key-point role) pairs from the role model's labels, in abstract order.
    `said` holds the sentences the TL;DR already says: a point repeating it tells the reader nothing
    new (read-through of 20 arXiv papers: 5 had the TL;DR again as their problem or method point),
    so another sentence of the same role is taken where there is one."""
    labels = [("objective" if label == "background" and _CLAIM.search(sentence) else label)
              for label, sentence in zip(labels, sentences)]  # "We propose X" is never background
    alone = [stands_alone(strip_lead_in(s)) for s in sentences]

    def best(indices: list[int]) -> list[int]:
        """Sentences that read alone and are new first; a repeat of the TL;DR before a dangling one."""
        return ([i for i in indices if alone[i] and i not in said] or [i for i in indices if alone[i]]
                or [i for i in indices if i not in said] or indices)

    def likeliest(indices: list[int], label: str, default: int) -> int:
        """The sentence the role model finds likeliest to have the label (confidence: its (n, 5)
        marginals); without them, the one at `default` in abstract order."""
        if confidence is None:
            return indices[default]
        return max(indices, key=lambda i: confidence[i][LABELS.index(label)])

    first = lambda wanted, after=-1: next((i for i, l in enumerate(labels) if l in wanted and i > after),
                                          None)
    contribution = first({"objective", "method"})
    points: dict[int, str] = {}
    background = [i for i, l in enumerate(labels) if l == "background"
                  and (contribution is None or i < contribution)]
    if background:  # the last one leads into the contribution; one that reads alone is preferred
        points[likeliest(best(background), "background", -1)] = "problem"
    elif (first({"objective"}) is not None and first({"method"}) is not None
          and not _CLAIM.search(sentences[first({"objective"})])):  # an aim, not "we propose X"
        points[first({"objective"})] = "problem"
    methods = [i for i, l in enumerate(labels) if l == "method" and i not in points]
    methods = methods or [i for i, l in enumerate(labels) if l == "objective" and i not in points]
    # The first method sentence, not the likeliest: on dev the two are level (71.2% and 70.9% fit),
    # and the likeliest was often a result with a number in it ("The debate pipeline reduces
    # fabricated detections by 45%"), which the model scores as method (read-through of 20 papers).
    # Such a sentence is passed over while another method sentence is left (dev fit 71.2 -> 71.6%).
    method = (best([i for i in methods if not _REPORTED.search(sentences[i])]) or best(methods) or [None])[0]
    if method is not None:
        points[method] = "method"
    after = method if method is not None else -1
    own_names = set(_NAME.findall(sentences[method])) if method is not None else set()
    limitation = next((i for i in range(after + 1, len(sentences)) if labels[i] in {"result", "other"}
                       and is_own_limitation(sentences[i], own_names) and i not in points), None)
    results = [i for i, l in enumerate(labels) if l == "result" and i not in points and i != limitation]
    if results:
        headline = [i for i in results if _RESULT.search(sentences[i])] or results
        points[likeliest(best(headline), "result", 0)] = "result"
    if limitation is not None:
        points[limitation] = "limitation"
    for index in sorted(range(len(labels)), key=lambda i: i in said):  # too few: fill in, new first
        if len(points) >= MIN_POINTS:
            break
        points.setdefault(index, ROLE_OF_LABEL[labels[index]])
    return sorted(points.items())[:MAX_POINTS]


def extract_key_points(sentences: list[str], labels: list[str] | None = None,
                       said: frozenset[int] = frozenset()) -> list[dict]:
    """Key points, each with the index of the abstract sentence it shortens and that sentence's
    CSAbstruct label from the role model; `said`: the sentences the TL;DR is made from. Given no
    labels, the role model labels the sentences and says how sure it is of each."""
    confidence = None
    if labels is None and sentences:
        from server.summaries.roles import load_roles

        labels, confidence = load_roles().labels_and_marginals(sentences)
    labels = labels or []
    return [{"role": role, "text": shorten(standalone(sentences, i)), "sentence": i, "label": labels[i]}
            for i, role in choose_points(labels, sentences, said, confidence)]


def standalone(sentences: list[str], index: int) -> str:
    """The sentence as it reads alone: no opener leaning on the one before, and "these results"
    as "the results" where an earlier sentence names results (resolve_reference)."""
    sentence = strip_lead_in(sentences[index])
    opener = _LEANING_OPENER.match(sentence)
    if opener and len(sentence[opener.end():].split()) >= 4:
        sentence = sentence[opener.end()].upper() + sentence[opener.end() + 1:]
    sentence = _OWN_FINDINGS.sub(r"The \1", sentence)
    return resolve_reference(sentence, " ".join(sentences[:index]))


def shorten(sentence: str, limit: int = MAX_POINT_WORDS) -> str:
    """The sentence without its lead-in, cut at a clause boundary when longer than `limit` words."""
    sentence = strip_lead_in(sentence)
    if len(sentence.split()) <= limit:
        return sentence
    fitting = [p for p in clause_prefixes(sentence) if len(p.split()) <= limit]
    if fitting:
        return fitting[-1]
    return " ".join(sentence.split()[:limit]).rstrip(",;:") + " …"
