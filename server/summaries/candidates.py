"""Candidate TL;DRs for one paper: the title, each sentence, and shorter or titled forms of them.

The ranker (model.py) picks one. Every candidate is made only of the author's own words, so the
engine never states something the abstract does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from server.summaries.sentences import strip_lead_in

# A clause prefix shorter than this is rarely a claim on its own.
MIN_CLAUSE_WORDS = 6
# Clause boundaries where a sentence can be cut and still read as a whole statement.
_CLAUSE_END = re.compile(r"(?:[,;:]| -| –| —)\s+|\s+(?=(?:which|where|while|whereas|thereby|"
                         r"through|via|by|using|allowing|enabling|leading|resulting|such that|"
                         r"so that|and thus|and therefore|as well as)\b)")


# A prefix ending in one of these words stops mid-phrase.
_DANGLING = {"a", "an", "the", "of", "by", "to", "for", "with", "in", "on", "and", "or", "as", "that",
             "from", "at", "into", "is", "are", "be", "we", "our", "its", "their", "this", "these"}


_OPENING = re.compile(r"^[^,]{6,120}, (?=(?:we|our|this paper|this work|the proposed)\b)")
_FINDING = re.compile(r"^we (?:\w+ )?(?:show|find|demonstrate|prove|argue|observe|establish|"
                      r"confirm|verify) that ", re.I)
_REMARK = re.compile(r", (?:which|where|who|whose|i\.e\.|e\.g\.|namely|including|such as|called|"
                     r"dubbed|termed|a|an|the)\b[^,;]{3,90},(?= )")
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True)
class Candidate:
    text: str
    kind: str  # title, title_part, sentence, stripped (lead-in off), shortened (phrase out), clause (cut)
    index: int       # which sentence it comes from; -1 for the title
    titled: bool = False  # "Title: sentence" form
    unbracketed: bool = False  # parenthetical remarks removed


def make_candidates(title: str, sentences: list[str]) -> list[Candidate]:
    candidates = [Candidate(title, "title", -1)] if title else []
    if ": " in title:  # "Name: What It Does" -> both halves
        candidates += [Candidate(part, "title_part", -1) for part in title.split(": ", 1)]
    for index, sentence in enumerate(sentences):
        forms = [Candidate(sentence, "sentence", index)]
        stripped = strip_lead_in(sentence)
        if stripped != sentence:
            forms.append(Candidate(stripped, "stripped", index))
        forms += [Candidate(short, "shortened", index) for short in shortenings(stripped)]
        forms += [Candidate(clause, "clause", index) for clause in clause_prefixes(stripped)]
        forms += [Candidate(_PARENTHETICAL.sub("", f.text), f.kind, index, unbracketed=True)
                  for f in forms[1:] if "(" in f.text]
        candidates += forms
        if title:
            candidates += [Candidate(f"{title}: {form.text}", form.kind, index, True, form.unbracketed)
                           for form in forms]
    return candidates


def shortenings(sentence: str) -> list[str]:
    """The sentence without its opening phrase ("To address this, we ..." -> "We ..."), without
    "we show that", or without one inserted remark (", which ...,")."""
    shorter = []
    opening = _OPENING.search(sentence)
    if opening:
        rest = sentence[opening.end():]
        shorter.append(rest[0].upper() + rest[1:])
    finding = _FINDING.search(shorter[0] if shorter else sentence)
    if finding:  # "We show that X" -> "X": the finding itself
        rest = (shorter[0] if shorter else sentence)[finding.end():]
        shorter.append(rest[0].upper() + rest[1:])
    for base in [sentence, *shorter]:
        shorter += [base[: remark.start()] + base[remark.end():] for remark in _REMARK.finditer(base)]
    return [s for s in shorter if len(s.split()) >= MIN_CLAUSE_WORDS and _balanced(s)]


def clause_prefixes(sentence: str) -> list[str]:
    """The sentence cut at each clause boundary, keeping prefixes of MIN_CLAUSE_WORDS or more."""
    prefixes = []
    for match in _CLAUSE_END.finditer(sentence):
        prefix = sentence[: match.start()].rstrip(" ,;:")
        words = prefix.split()
        if len(words) >= MIN_CLAUSE_WORDS and words[-1].lower() not in _DANGLING and _balanced(prefix):
            prefixes.append(prefix + ".")
    return prefixes


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")
