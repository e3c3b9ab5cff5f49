"""Split prose into sentences, and take the boilerplate lead-in off a sentence."""
from __future__ import annotations

import re

from server.summaries.text import clean_text

# Sentences past this many are ignored: the contribution is stated early, and time stays bounded.
MAX_SENTENCES = 30

_ABBREVIATIONS = ("e.g", "i.e", "et al", "etc", "vs", "cf", "fig", "figs", "eq", "eqs", "sec",
                  "approx", "resp", "al", "no", "ref", "refs")
# A full stop with no space after it also ends a sentence when a lower-case word ends before it and
# a capitalised word starts after it: arXiv abstracts glue sentences ("token consumption.The source
# code can be accessed at ..."); "e.g.The", "U.S.The" and "arxiv.org" do not match.
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[A-Z0-9\"'(\[\u4e00-\u9fff])|(?<=[。！？])\s*"
                       r"|(?<=[a-z]{3}\.)(?=[A-Z][a-z]+\b)")

# Without its comma an opener is taken off only before the start of a clause: "Instead of X, we"
# or "First order methods" lost their first word ("Of generating responses one word at a time, we").
_CLAUSE_START = (r"(?:we|our|the|this|these|it|its|a|an|there|they|such|both|each|all|many|most|"
                 r"several|existing|using|no|one|two|three)\b")
# Openers that only point at the paper ("In this paper, we ...") and hedges that carry no content.
_LEAD_IN = re.compile(
    r"^(?:(?:in|within) (?:this|the present|our) (?:paper|work|study|article|note|report)"
    r"|here(?:in)?|to this end|to (?:address|tackle|solve|overcome|resolve|realize|achieve|mitigate|"
    r"alleviate|remedy|handle|bridge|fill|close|fix) (?:this|these|that|those|it|them)"
    r"(?: (?!we\b)\w+){0,3}|in (?:particular|addition|contrast|summary|short)|specifically|concretely"
    r"|finally|furthermore|moreover|additionally|therefore|thus|hence|as a result|overall"
    r"|in this context|motivated by (?:this|these) \w+|to do so|instead|first(?:ly)?|second(?:ly)?"
    r"|consequently|importantly|notably|more specifically|however|in fact|indeed|surprisingly"
    r"|interestingly|in this regard)(?:\s*,\s*|\s+(?=" + _CLAUSE_START + r"))", re.I)


# A structured abstract's section headings (Emerald's "Purpose: ... Design/methodology/approach:
# ...", medicine's "Background: ... Methods: ..."): a key point or TL;DR reads "We adopt ...", not
# "Design/methodology/approach: We adopt ...".
_HEADING = re.compile(
    r"^(?:purpose|aims?|objectives?|background|context|motivation|introduction|methods?|methodology|"
    r"design/methodology/approach|approach|results?|findings|conclusions?|discussion|originality/value|"
    r"value|significance|importance|research limitations/implications|practical implications|"
    r"social implications|limitations|materials and methods|design|setting|participants|"
    r"main outcome measures?|contributions?)\s*:\s+(?=\S)", re.I)


def prepare(title: str | None, abstract: str | None) -> tuple[str, list[str]]:
    """Clean title and the abstract's sentences: the engine's and the trainer's common input."""
    title = clean_text(title, max_chars=300)
    sentences = split_sentences(clean_text(abstract, name=title_name(title)))
    return title, [s for s in (_HEADING.sub("", s) for s in sentences) if s]


def title_name(title: str) -> str | None:
    """The system's name when the title leads with one ("CodeT5: Identifier-aware ..."), else None."""
    head, colon, _ = title.partition(":")
    head = head.strip()
    if colon and head and len(head.split()) <= 3 and any(ch.isupper() for ch in head):
        return head
    return None


def split_sentences(text: str, limit: int = MAX_SENTENCES) -> list[str]:
    """Sentences of `text` in order, at most `limit`; abbreviations such as "e.g." do not split."""
    pieces = [p.strip() for p in _BOUNDARY.split(text.strip()) if p and p.strip()]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ends_with_abbreviation(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences[:limit]


def _ends_with_abbreviation(sentence: str) -> bool:
    last = sentence.rsplit(" ", 1)[-1].lower().rstrip(".").lstrip("([\"'")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


# "This paper proposes X" (or "This pilot study presents X") says what an author's TL;DR says as
# "We propose X".
_PAPER_SUBJECT = re.compile(
    r"^(?:this|the present|our|the) (?:(?:pilot|short|position|empirical|exploratory|preliminary|"
    r"case|systematic|survey|technical|brief) )?(?:paper|work|study|article|note|report|manuscript) "
    r"(propos|present|introduc|describ|develop|stud|investigat|explor|show|address|provid|"
    r"examin|consider|analyz|analys|tackl|focus)(?:es|ies|s)\b", re.I)
_VERB_STEM_ENDING = {"stud": "study", "propos": "propose", "introduc": "introduce",
                     "describ": "describe", "investigat": "investigate", "explor": "explore",
                     "provid": "provide", "examin": "examine", "consider": "consider",
                     "analyz": "analyze", "analys": "analyse", "tackl": "tackle",
                     "address": "address", "focus": "focus", "present": "present",
                     "develop": "develop", "show": "show"}


# "We then evaluate X" leans on a step before it; alone it is "We evaluate X" (read-through of 20
# recent arXiv papers: "...Dilemmas? We then evaluate the quality of ...").
_SEQUENCE_ADVERB = re.compile(r"^We (?:then|also|further|next|additionally|finally|subsequently) ", re.I)


# The same openers set off inside the sentence: "This paper, in contrast, discusses X" leans on
# what it contrasts with; without the remark it reads alone.
_INSERTED_OPENER = re.compile(
    r"^((?:we|this (?:paper|work|study)|our (?:paper|work|study|method|approach|model))),"
    r" (?:in contrast|however|therefore|thus|hence|instead|moreover|furthermore|in addition|"
    r"in turn|additionally|on the other hand|by contrast|finally|also),(?= )", re.I)


def strip_lead_in(sentence: str) -> str:
    """'In this paper, we propose X.' -> 'We propose X.'; other sentences come back unchanged."""
    stripped = _INSERTED_OPENER.sub(r"\1", sentence)
    for _ in range(2):  # "Finally, in this paper, we ..."
        stripped = _LEAD_IN.sub("", stripped, count=1)
    stripped = _PAPER_SUBJECT.sub(lambda m: "We " + _VERB_STEM_ENDING[m.group(1).lower()], stripped)
    stripped = _SEQUENCE_ADVERB.sub("We ", stripped)
    if stripped == sentence or len(stripped.split()) < 4:
        return sentence
    return stripped[0].upper() + stripped[1:]
