"""Noun phrases that recur in paper titles, for keywords (keywords.py).

Titles are mostly noun phrases ("Medical Image Segmentation with ..."), so a run of words that
many titles share is very likely a term of the field, and an abstract's phrase found among them
is a keyword that reads as one, where a run of content words could end in a verb ("LiDAR-based
detectors rely"). phrases.json is rebuilt from the arXiv corpus by
    python -m server train keywords --data /path/to/arxiv_cs_2025_2026.jsonl.gz
and holds:
  phrases  2-4 word runs (lower case, no stop word) found in at least MIN_TITLES titles, except
           those that usually go on ("large language" -> "large language models"), and those
           that start or end with a verb-like -ing word ("improving diffusion");
  heads    words that end at least MIN_GRAMMAR of those phrases (nouns, mostly), and
  modifiers  words that stand before the end of at least MIN_GRAMMAR of them (adjectives and
           nouns used as modifiers): together a small noun-phrase grammar learned from titles,
           for phrases of an abstract that the table lacks ("perceptual grouping");
  common   words in at least COMMON_WORD of the abstracts, with that share: generic alone;
  verbs    -ing words that open titles ("Improving ...") and words an article often follows in
           the abstracts ("improves the", "needs a"): no part of a keyword.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from server.summaries.vocabulary import STOPWORDS

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # "challenge 2025" names an event, not a term
MODEL_PATH = Path(__file__).with_name("phrases.json")
VERSION = 1
MIN_TITLES = 4
MIN_GRAMMAR = 2
HEAD_SHARE = 0.25
MAX_WORDS = 4
# A phrase that goes on with one more word in at least this share of its titles is incomplete.
CONTINUES = 0.5
# An -ing word that opens at least this share of the titles (or title parts after a colon) it is
# in is used as a verb there ("Improving ...", "Rethinking ..."), not as a noun ("... learning").
VERB_OPENER = 0.4

TOKEN = re.compile(r"[A-Za-z0-9][\w\-]*\w|[A-Za-z]|[^\w\s]")
# Title words that break a phrase although they are no stop words of the engine.
BREAKS = STOPWORDS | frozenset("""towards toward beyond without across against within vs versus can
do does how why make makes making via""".split())


# "Don't" is a verb, and what is left of it ("don") no keyword.
_CONTRACTION = re.compile(r"\b\w+n['\u2019]t\b")


def runs(text: str) -> list[list[str]]:
    """Lower-cased runs of words between stop words and punctuation."""
    found, current = [], []
    for token in TOKEN.findall(_CONTRACTION.sub(" , ", text)):
        word = token.lower()
        if not token[0].isalnum() or word in BREAKS or word == "s":  # "LLM's": the "s" is no word
            if current:
                found.append(current)
            current = []
        else:
            current.append(word)
    if current:
        found.append(current)
    return found


# After a verb or a preposition an article often follows ("improves the", "rely on a"); after a
# noun seldom. A word followed by one in at least VERB_BEFORE_ARTICLE of its uses in the
# abstracts (seen at least MIN_USES times) is no part of a keyword.
DETERMINERS = frozenset("the a an our its their this these those".split())
VERB_BEFORE_ARTICLE = 0.15
MIN_USES = 20
_WORD = re.compile(r"[A-Za-z][\w\-]*")


# A word in at least this share of the abstracts is common: alone it is no keyword ("inference",
# "loss"), and a phrase made only of words in COMMON_PHRASE of them says little ("real-world tasks").
COMMON_WORD, COMMON_PHRASE = 0.03, 0.15


def abstract_statistics(abstracts) -> tuple[set[str], dict[str, float]]:
    """Verb-like words, and the share of abstracts each common word is in."""
    uses, before, documents, total = Counter(), Counter(), Counter(), 0
    for abstract in abstracts:
        tokens = [t.lower() for t in _WORD.findall(abstract)]
        uses.update(tokens)
        before.update(a for a, b in zip(tokens, tokens[1:]) if b in DETERMINERS)
        documents.update(set(tokens))
        total += 1
    verbs = {w for w, n in uses.items() if n >= MIN_USES and before[w] >= VERB_BEFORE_ARTICLE * n
             and w not in STOPWORDS}
    common = {w: round(n / total, 4) for w, n in documents.items()
              if total and n >= COMMON_WORD * total and w not in STOPWORDS}
    return verbs, common


def build(papers) -> dict:
    """papers: (title, abstract) pairs."""
    papers = list(papers)
    titles = [title for title, _ in papers]
    before_article, common_words = abstract_statistics(abstract for _, abstract in papers)
    counts, ing_total, ing_open = Counter(), Counter(), Counter()
    for title in titles:
        seen = set()
        for part in re.split(r"[:?!]", title):
            for number, run in enumerate(runs(part)):
                for i, word in enumerate(run):
                    if word.endswith("ing"):
                        ing_total[word] += 1
                        ing_open[word] += number == 0 and i == 0
                for size in range(2, MAX_WORDS + 1):
                    seen.update(" ".join(run[i:i + size]) for i in range(len(run) - size + 1))
        counts.update(seen)
    verbs = {w for w, n in ing_total.items() if n >= 5 and ing_open[w] >= VERB_OPENER * n} | before_article
    common = {p: n for p, n in counts.items() if n >= MIN_TITLES}
    longest_next = Counter()
    for phrase, n in common.items():
        head = phrase.rsplit(" ", 1)[0]
        if " " in phrase and head in common:
            longest_next[head] = max(longest_next[head], n)
    phrases = sorted(p for p, n in common.items()
                     if longest_next[p] < CONTINUES * n and not _YEAR.search(p)
                     and not any(w in verbs for w in p.split()))
    heads = Counter(p.split()[-1] for p in phrases)
    modifiers = Counter(w for p in phrases for w in p.split()[:-1])
    # A head ends phrases in a good share of its uses: "image" does ("medical image"), an adjective
    # such as "semantic" or "robust" seldom; a phrase ending in one is cut short ("adversarially robust").
    is_head = lambda w: heads[w] >= HEAD_SHARE * (heads[w] + modifiers[w]) and not w.isdigit()
    phrases = [p for p in phrases if is_head(p.split()[-1])]
    head_words = sorted(w for w, n in heads.items() if n >= MIN_GRAMMAR and is_head(w))
    modifier_words = sorted(w for w, n in modifiers.items() if n >= MIN_GRAMMAR and not w.isdigit())
    return {"version": VERSION, "min_titles": MIN_TITLES, "verbs": sorted(verbs),
            "heads": head_words, "modifiers": modifier_words, "phrases": phrases,
            "common": dict(sorted(common_words.items()))}


def read_papers(path: Path):
    """(title, abstract) of each JSON line (gzip or not)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                yield record.get("title") or "", record.get("abstract") or ""


class PhraseTable:
    def __init__(self, spec: dict):
        self.version = spec["version"]
        self.phrases = frozenset(spec["phrases"])
        self.heads = frozenset(spec["heads"])
        self.modifiers = frozenset(spec["modifiers"])
        self.verbs = frozenset(spec["verbs"])
        self.common = spec.get("common", {})  # word -> share of abstracts it is in (COMMON_WORD or more)

    def is_generic(self, words: list[str]) -> bool:
        """A single common word, or a phrase of words each in COMMON_PHRASE of the abstracts."""
        limit = COMMON_WORD if len(words) == 1 else COMMON_PHRASE
        return all(self.common.get(w.lower(), 0.0) >= limit for w in words)


@lru_cache(maxsize=2)
def load_phrases(path: Path = MODEL_PATH) -> PhraseTable:
    with open(path, encoding="utf-8") as handle:
        return PhraseTable(json.load(handle))
