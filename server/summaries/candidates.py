"""Candidate TL;DRs for one paper: the title, each sentence, and shorter or titled forms of them.

The ranker (model.py) picks one. Every candidate is made only of the author's own words, so the
engine never states something the abstract does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from server.summaries.sentences import strip_lead_in, title_name
from server.summaries.vocabulary import STOPWORDS, words

# A "Title: sentence" TL;DR is kept only when at least this share of its content words are not the
# title's. SciTLDR dev (ROUGE-1 / content words beyond the title): no such rule 43.65 / 58.0%,
# 0.5 42.66 / 64.4%, 0.55 chosen, 0.6 42.03 / 69.9%; the authors' own TL;DRs have 71%.
TITLED_MIN_NEW = 0.55
# A clause prefix shorter than this is rarely a claim on its own.
MIN_CLAUSE_WORDS = 6
# Clause boundaries where a sentence can be cut and still read as a whole statement: a semicolon,
# a comma before a clause that only adds to the one before (", which ...", ", thereby ..."), or a
# phrase that says how ("via ...", "by sampling ..."). A bare comma is not one: cutting there broke
# lists and appositions ("We propose X, Y and Z" -> "We propose X.") and left introductory phrases
# on their own ("To improve the training quality and convergence.").
_CLAUSE_END = re.compile(
    r";\s+|,\s+(?=(?:which|where|while|whereas|thereby|thus|hence|allowing|enabling|leading|"
    r"resulting|making|yielding|so that|such that|as well as|and (?:thus|therefore|hence|thereby))\b)"
    r"|\s+(?=(?:thereby|via|using|through|allowing|enabling|so that|such that|by \w+ing)\b)")
# An opening phrase that is not the main clause: a prefix starting so needs its comma and main clause.
_INTRODUCTORY = re.compile(r"^(?:to|by|in|for|with|using|since|while|although|though|when|if|as|"
                           r"despite|unlike|based|given|motivated|inspired|through|via|after|before|"
                           r"because|instead|compared|building|leveraging|following|due|towards?|"
                           r"on|from|under|without|at)\b", re.I)


# A prefix ending in one of these words stops mid-phrase.
_DANGLING = {"a", "an", "the", "of", "by", "to", "for", "with", "in", "on", "and", "or", "as", "that",
             "from", "at", "into", "is", "are", "be", "we", "our", "its", "their", "this", "these"}


_OPENING = re.compile(r"^[^,]{6,120}, (?=(?:we|our|this paper|this work|the proposed)\b)")
_FINDING = re.compile(r"^we (?:\w+ )?(?:show|find|demonstrate|prove|argue|observe|establish|"
                      r"confirm|verify) that ", re.I)
# An inserted remark that can go. Not ", the ...,": that was as often a clause of its own, and
# taking it out broke the sentence ("For each image, the class selects a row, and views produce ...").
_REMARK = re.compile(r", (?:which|who|whose|i\.e\.|e\.g\.|namely|including|such as|called|"
                     r"dubbed|termed)\b[^,;]{3,90},(?= )")
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
# A reference to something the TL;DR does not say: "this question", "these issues", "the above",
# or a sentence whose subject is a pronoun ("It outperforms ..."). "This paper" is the paper itself.
_BACK_REFERENCE = re.compile(
    r"\b(?:this|these|those|such|the above|the aforementioned|the former|the latter|the same|the said)"
    r"\s+(?!(?:paper|work|study|article|report|thesis|manuscript|chapter|survey|position paper)\b)"
    r"[a-z]|\bthe above\b|\baforementioned\b|\b(?:as|are) (?:mentioned|discussed|described) (?:above|before|earlier)\b", re.I)
_PRONOUN_START = re.compile(r"^(?:it|its|this|these|they|their|them|those|such|both|he|she|"
                            r"that|here|there(?:fore|by)?|then|thus|hence|also|further)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    text: str
    kind: str  # title, title_part, sentence, stripped (lead-in off), shortened (phrase out), clause (cut)
    index: int       # which sentence it comes from; -1 for the title
    titled: bool = False  # "Title: sentence" form
    unbracketed: bool = False  # parenthetical remarks removed


def make_candidates(title: str, sentences: list[str]) -> list[Candidate]:
    """Every candidate that reads on its own and says more than the title; if none does, the
    sentences' forms without that check (a TL;DR is still better than none)."""
    every = _all_candidates(title, sentences)
    name = title_name(title)
    readable = [c for c in every if stands_alone(c.text.split(": ", 1)[1] if c.titled else c.text)
                and not (c.titled and _repeats_title(c.text[len(title) + 2:], title, name))]
    return readable or every


def stands_alone(text: str) -> bool:
    """Whether the text needs no sentence it left behind: no "this problem", no pronoun subject."""
    return not (_BACK_REFERENCE.search(text) or _PRONOUN_START.match(text))


def _repeats_title(sentence: str, title: str, name: str | None) -> bool:
    """'Learngene Pool: We propose a novel method called Learngene Pool.' says the name twice, and a
    "Title: sentence" whose words are mostly the title's adds too little to it."""
    if name and name.lower() in sentence.lower():
        return True
    title_words = set(words(title)) - STOPWORDS
    content = [w for w in words(f"{title} {sentence}") if w not in STOPWORDS]
    return bool(content) and sum(w not in title_words for w in content) < TITLED_MIN_NEW * len(content)


def _all_candidates(title: str, sentences: list[str]) -> list[Candidate]:
    # The title is never a candidate on its own: a TL;DR is to say more than the title does.
    candidates = []
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
        if len(words) < MIN_CLAUSE_WORDS or words[-1].lower() in _DANGLING or not _balanced(prefix):
            continue
        if words[-1].lower().endswith("ed") and sentence[match.end():].startswith("by "):
            continue  # "as proposed by Friston" -> "as proposed."
        if _INTRODUCTORY.match(prefix) and ", " not in prefix:
            continue  # only the opening phrase, no main clause
        prefixes.append(prefix + ".")
    return prefixes


def _balanced(text: str) -> bool:
    return (text.count("(") == text.count(")") and text.count("[") == text.count("]")
            and text.count('"') % 2 == 0 and text.count("\u201c") == text.count("\u201d"))
