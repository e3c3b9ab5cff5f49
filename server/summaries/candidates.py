"""Candidate TL;DRs for one paper: the title, each sentence, and shorter or titled forms of them.

The ranker (model.py) picks one. Every candidate is made only of the author's own words, so the
engine never states something the abstract does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from server.summaries.sentences import strip_lead_in, title_name
from server.summaries.vocabulary import STOPWORDS, stems, words

# A "Title: sentence" TL;DR is kept only when at least this share of its content words are not the
# title's. SciTLDR dev (ROUGE-1 / content words beyond the title): no such rule 43.65 / 58.0%,
# 0.5 42.66 / 64.4%, 0.55 chosen, 0.6 42.03 / 69.9%; the authors' own TL;DRs have 71%.
TITLED_MIN_NEW = 0.55
# A clause prefix shorter than this is rarely a claim on its own.
MIN_CLAUSE_WORDS = 6
# Clause boundaries where a sentence can be cut and still read as a whole statement: a semicolon or
# a colon (what precedes one is a whole clause in written English; what follows elaborates it),
# a comma before a clause that only adds to the one before (", which ...", ", thereby ..."), or a
# phrase that says how ("via ...", "by sampling ..."). A bare comma is not one: cutting there broke
# lists and appositions ("We propose X, Y and Z" -> "We propose X.") and left introductory phrases
# on their own ("To improve the training quality and convergence.").
_CLAUSE_END = re.compile(
    r"[;:]\s+|,\s+(?=(?:which|where|while|whereas|thereby|thus|hence|allowing|enabling|leading|"
    r"resulting|making|yielding|so that|such that|as well as|and (?:thus|therefore|hence|thereby))\b)"
    r"|\s+(?=(?:thereby|via|using|through|allowing|enabling|so that|such that|by \w+ing)\b)")
# An opening phrase that is not the main clause: a prefix starting so needs its comma and main clause.
_INTRODUCTORY = re.compile(r"^(?:to|by|in|for|with|using|since|while|although|though|when|if|as|"
                           r"despite|unlike|based|given|motivated|inspired|through|via|after|before|"
                           r"because|instead|compared|building|leveraging|following|due|towards?|"
                           r"on|from|under|without|at)\b", re.I)


# A prefix ending in one of these words stops mid-phrase; so does one ending in a subordinating
# word ("... action classification while." cut before "using").
_DANGLING = {"a", "an", "the", "of", "by", "to", "for", "with", "in", "on", "and", "or", "as", "that",
             "from", "at", "into", "is", "are", "be", "we", "our", "its", "their", "this", "these",
             "when", "while", "where", "which", "whether", "how", "if", "than", "not", "although",
             "though", "because", "whereas", "without", "but"}


_OPENING = re.compile(r"^[^,]{6,120}, (?=(?:we|our|this paper|this work|the proposed)\b)")
_FINDING = re.compile(r"^we (?:\w+ )?(?:show|find|demonstrate|prove|argue|observe|establish|"
                      r"confirm|verify) that ", re.I)
# An inserted remark that can go. Not ", the ...,": that was as often a clause of its own, and
# taking it out broke the sentence ("For each image, the class selects a row, and views produce ...").
_REMARK = re.compile(r", (?:which|who|whose|i\.e\.|e\.g\.|namely|including|such as|called|"
                     r"dubbed|termed)\b[^,;]{3,90},(?= )")
# A remark's closing comma may be a list's: in "customization, which requires the joint control of
# content, style, and motion" the "remark" ends at "content," and taking it out left
# "customization style, and motion" (read-through).
_LIST_TAIL = re.compile(r"^ (?:[\w-]+ ){0,3}[\w-]+,? (?:and|or) ")
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
# A reference to something the TL;DR does not say: "this question", "these issues", "the above",
# or a sentence whose subject is a pronoun ("It outperforms ..."). "This paper" is the paper itself,
# and "such as" introduces examples, not something said before.
_THE_PAPER_ITSELF = r"(?:paper|work|study|article|report|thesis|manuscript|chapter|survey|position paper)\b"
_BACK_REFERENCE = re.compile(
    r"\b(?:this|these|those|such(?! as\b)|the above|the aforementioned|the former|the latter|the same|the said)"
    r"\s+(?!" + _THE_PAPER_ITSELF + r")"
    r"[a-z]|\b(?:this|these)(?=\s*[,.;:)])|\bthe above\b|\baforementioned\b|\b(?:as|are) (?:mentioned|discussed|described) (?:above|before|earlier)\b", re.I)
# Not "This paper extends ..." (the paper itself), nor an existential "There is/are ...".
_PRONOUN_START = re.compile(r"^(?!this " + _THE_PAPER_ITSELF + r"|there (?:is|are|exists?|has been|have been)\b)"
                            r"(?:it|its|this|these|they|their|them|those|such|both|he|she|"
                            r"that|here|there(?:fore|by)?|then|thus|hence|also|further)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    text: str
    kind: str  # title, title_part, sentence, stripped (lead-in off), shortened (phrase out), clause (cut)
    index: int       # which sentence it comes from; -1 for the title
    titled: bool = False  # "Title: sentence" form
    unbracketed: bool = False  # parenthetical remarks removed
    second: int = -1  # a fused candidate: the sentence its main result comes from


def make_candidates(title: str, sentences: list[str]) -> list[Candidate]:
    """Every candidate that reads on its own and says more than the title; if none does, the
    sentences' forms without that check (a TL;DR is still better than none)."""
    name = title_name(title)
    every = _all_candidates(title, sentences, name)
    readable = [c for c in every if stands_alone(c.text[len(title) + 2:] if c.titled else c.text)
                and not (c.titled and _repeats_title(c.text[len(title) + 2:], title, name))]
    return (readable + fusions(sentences, name)) if readable else every


# "The framework supports ..." points at a framework a dropped sentence named (read-through:
# "The framework supports direction-aware procurement ..." and "The benchmark includes ..." as TL;DRs
# of papers that never said which). Where the title leads with a name, the name says it.
_DEFINITE_SUBJECT = re.compile(
    r"^The (?:proposed |resulting |new |whole |overall )?(?:framework|method|approach|model|system|"
    r"benchmark|dataset|pipeline|tool|toolkit|algorithm|architecture|technique|suite|library|platform|"
    r"agent)\b(?!-)")


def stands_alone(text: str) -> bool:
    """Whether the text needs no sentence it left behind: no "this problem", no pronoun subject,
    no "The framework ..." that a dropped sentence named."""
    return not (_BACK_REFERENCE.search(text) or _PRONOUN_START.match(text) or _DEFINITE_SUBJECT.match(text))


def _repeats_title(sentence: str, title: str, name: str | None) -> bool:
    """'Learngene Pool: We propose a novel method called Learngene Pool.' says the name twice, and a
    "Title: sentence" whose words are mostly the title's adds too little to it."""
    if name and name.lower() in sentence.lower():
        return True
    title_words = set(words(title)) - STOPWORDS
    content = [w for w in words(f"{title} {sentence}") if w not in STOPWORDS]
    return bool(content) and sum(w not in title_words for w in content) < TITLED_MIN_NEW * len(content)


def _all_candidates(title: str, sentences: list[str], name: str | None) -> list[Candidate]:
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
        forms += [Candidate(resolved, f.kind, index, unbracketed=f.unbracketed) for f in list(forms)
                  if (resolved := resolve_reference(f.text, title)) != f.text]
        if name:
            forms += [Candidate(_DEFINITE_SUBJECT.sub(name, f.text, count=1), f.kind, index,
                                unbracketed=f.unbracketed) for f in list(forms) if _DEFINITE_SUBJECT.match(f.text)]
        candidates += forms
        if title:
            candidates += [Candidate(f"{title}: {form.text}", form.kind, index, True, form.unbracketed)
                           for form in forms]
    return candidates


_DEMONSTRATIVE = re.compile(r"\b([Tt]his|[Tt]hese) ((?:[\w-]+ ){0,2}[\w-]+)")


def resolve_reference(text: str, title: str) -> str:
    """'learn this disentangled representation' -> 'learn the disentangled representation' when the
    title or the text before it names what "this" points at, so the TL;DR still says what it means;
    otherwise the text unchanged (and the back-reference check refuses it)."""
    known = set(stems(title))
    def replace(match):
        first = match.group(2).split()[0].lower()
        # "this" as a pronoun ("We address this by constructing storyline trees") points at a
        # sentence left behind; "the by constructing" would be no English.
        if first in {"paper", "work", "study", "article", "report"} or first in STOPWORDS:
            return match.group(0)
        known_here = known | set(stems(text[: match.start()]))
        # Only the noun phrase counts: in "this phenomenon in multilingual settings" the title's
        # "Multilingual" names the setting, not what "this" points at.
        phrase = list(takewhile(lambda w: w not in STOPWORDS, stems(match.group(2))))
        if any(w in known_here for w in phrase):
            return ("The " if match.group(1)[0] == "T" else "the ") + match.group(2)
        return match.group(0)
    return _DEMONSTRATIVE.sub(replace, text)


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
        shorter += [_without(base, remark) for remark in _REMARK.finditer(base)
                    if not _LIST_TAIL.match(base[remark.end():])]
    return [s for s in shorter if len(s.split()) >= MIN_CLAUSE_WORDS and _balanced(s)]


# A colon or an enumeration marker before a cut opens a list or an elaboration the rest of the
# sentence completes: "two complementary reasoning paths: Language-Only Reasoning (LOR), which ...,
# and Detect-Then-Reason (DTR), which ..." cut at ", which" named one path of two (read-through).
_LIST_OPENED = re.compile(r":\s|\((?:1|i|a)\)\s")


_PARTICIPLE = re.compile(r"^\w+ed\b")  # "Coupled with ...", "Built on ..."


def _without(sentence: str, remark: re.Match) -> str:
    """The sentence less an inserted remark. After an opening phrase its comma stays: "Coupled with
    SALR, which harvests ..., our framework achieves" -> "Coupled with SALR, our framework achieves"."""
    before = sentence[: remark.start()]
    opening = ", " not in before and (_INTRODUCTORY.match(before) or _PARTICIPLE.match(before))
    return before + ("," if opening else "") + sentence[remark.end():]


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
        if _LIST_OPENED.search(prefix):
            continue  # the cut would end a list mid-way ("two paths: Language-Only Reasoning (LOR).")
        prefixes.append(prefix + ".")
    return prefixes


def _balanced(text: str) -> bool:
    return (text.count("(") == text.count(")") and text.count("[") == text.count("]")
            and text.count('"') % 2 == 0 and text.count("\u201c") == text.count("\u201d"))


# Fusion: what the paper does, joined to its main result, as authors write TL;DRs ("We introduce X
# and show that it is a useful inductive bias for ..."). The contribution is the start of a sentence
# saying "we propose/present/introduce ..."; the result is a later "we/experiments show that F" or
# a sentence whose subject is the proposed method ("Our method outperforms ..."), which becomes "it".
_CONTRIBUTION = re.compile(r"^we (?:propose|present|introduce|develop|design|describe|formulate|"
                           r"devise|provide|study|investigate|analy[sz]e|derive|establish)\b", re.I)
# An appositive or relative clause after the contribution's noun phrase; a bare comma may be a list.
_APPOSITION = re.compile(r",\s+(?=(?:a|an|which|that|called|dubbed|named|termed|where|whose)\b)")
_SHOW_THAT = re.compile(
    r"^(?:we|our (?:\w+ )?(?:experiments|results|evaluations?|analys[ie]s|theory)|"
    r"(?:\w+ ){0,3}(?:experiments|results|evaluations?|studies|analys[ie]s)(?: (?:on|with|across|in|over) [^,]{3,60})?)"
    r" (?:also |further |empirically |experimentally |theoretically )?"
    r"(?:show|shows|find|finds|demonstrate|demonstrates|prove|proves|confirm|confirms|verify|"
    r"verifies|indicate|indicates|reveal|reveals|suggest|suggests) that ", re.I)
# The proposed method as a subject, which in a fused TL;DR is "it".
_METHOD_SUBJECT = re.compile(
    r"^(?:our|the proposed|this|the resulting|the new|such an?) (?:(?:new|proposed|novel|resulting) )?"
    r"(?:\w+ )?(?:method|approach|model|framework|algorithm|system|architecture|technique|scheme|"
    r"network|estimator|objective|procedure|strategy|loss|module|regularizer|mechanism|pipeline)s?\b|^(?:it)\b", re.I)
_RESULT_VERB = re.compile(r"^\s*(?:also |further |consistently |significantly |substantially |"
                          r"can |is able to |not only )*(?:outperform|improv|achiev|surpass|reduc|"
                          r"obtain|yield|attain|match|beat|exceed|lead|result|enabl|speed|accelerat|"
                          r"increas|boost|perform|generaliz|scal|converg|compar)\w*\b", re.I)
# The result may name the method as "this architecture": in a fused TL;DR that is "it".
_METHOD_REFERENCE = re.compile(
    r"\b(?:this|the proposed|our|such an?) (?:(?:new|proposed|novel) )?(?:\w+ )?"
    r"(?:method|approach|model|framework|algorithm|system|architecture|technique|scheme|network|"
    r"estimator|objective|procedure|strategy|loss|module|regularizer|mechanism|pipeline)\b", re.I)
# "it" must be followed by its verb, not an inserted phrase ("it while being simpler, achieves").
_IT_THEN_INSERT = re.compile(r"^it (?:while|when|if|although|though|unlike|compared|in|on|with|by)\b|^it,")
MAX_FUSED_WORDS = 34
MAX_CONTRIBUTION_WORDS = 20


def fusions(sentences: list[str], name: str | None = None) -> list[Candidate]:
    """'We propose X' + 'and show that F' / '; it outperforms ...' from a later sentence."""
    fused = []
    claims = [i for i, s in enumerate(sentences) if _CONTRIBUTION.match(strip_lead_in(s))][:2]
    for index in claims:
        heads = _contribution_heads(strip_lead_in(sentences[index]))
        for later in range(index + 1, min(index + 5, len(sentences))):
            for result in _results(sentences[later], name):
                for head in heads:
                    text = f"{head}{result}"
                    if len(text.split()) <= MAX_FUSED_WORDS and stands_alone(text):
                        fused.append(Candidate(text, "fused", index, second=later))
    return fused


def _contribution_heads(sentence: str) -> list[str]:
    """The contribution's noun phrase without what follows it, or a short whole clause of it."""
    body = sentence.rstrip(" .")
    heads = []
    cut = _APPOSITION.search(body)
    if cut:
        heads.append(body[: cut.start()])
    heads += [p.rstrip(".") for p in clause_prefixes(sentence)]
    if "," not in body and ";" not in body:
        heads.append(body)
    return list(dict.fromkeys(h for h in heads if 4 <= len(h.split()) <= MAX_CONTRIBUTION_WORDS
                              and _balanced(h) and h.split()[-1].lower() not in _DANGLING))


def _results(sentence: str, name: str | None) -> list[str]:
    """Endings for a contribution: ' and show that F.' or '; it outperforms ....'"""
    stripped = strip_lead_in(sentence)
    endings = []
    finding = _SHOW_THAT.match(stripped)
    if finding:
        rest = _as_it(stripped[finding.end():])
        if _IT_THEN_INSERT.match(rest):
            return endings
        if not _PRONOUN_START.match(rest) or rest.lower().startswith("it "):
            endings += [f" and show that {form}" for form in _ends(rest)]
        return endings
    subject = _METHOD_SUBJECT.match(stripped)
    if subject and _RESULT_VERB.match(stripped[subject.end():]):
        endings += [f"; it {form[subject.end():].lstrip()}" for form in _ends(stripped)]
    return endings


def _as_it(text: str) -> str:
    """'this architecture is a useful bias' -> 'it is a useful bias' (the contribution is named before)."""
    return _METHOD_REFERENCE.sub("it", text, count=1) if _METHOD_REFERENCE.match(text) else text


def _ends(text: str) -> list[str]:
    """The text and its clause-cut forms, lower-cased start, each ending in a full stop."""
    text = text.rstrip()
    forms = [text if text.endswith(".") else text + "."] + clause_prefixes(text)
    out = []
    for form in forms:
        if not _balanced(form):
            continue
        first = form.split()[0]
        if not (first.isupper() and len(first) > 1) and not any(ch.isupper() for ch in first[1:]):
            form = form[0].lower() + form[1:]
        out.append(form)
    return out
