"""Why a paper was recommended: the phrases it shares with the query paper, as written.

A reason is a run of one to three words that occurs contiguously, inside one clause, in both
papers ("negative prompt", "building extraction", "bag of words"), never a pair the stop-word
filter glued together across a gap. It is left out when it is a bare number (or a number with
a unit, "15", "3b"), when all its words are generic research vocabulary ("pre-trained",
"results", "plays"), or when it is common in the corpus (in more than COMMON_SHARE of its
papers, by the live index's idf; a single word: in more than WORD_SHARE), or when it starts or
ends with a verb, adverb or word of praise ("methods face", "improves robustness"). The rest are ranked most specific (rarest) first; a phrase
inside a chosen longer one is not repeated. A reason reads as it is written in the recommended
paper: lower case, except acronyms and mixed-case names (NeRF, BERT), hyphens kept.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.utils import murmurhash3_32

from server.related.lexical import N_FEATURES

COMMON_SHARE = 0.05   # a phrase in more than this share of the corpus says little
WORD_SHARE = 0.01     # ... and a single word in more than this share
MAX_WORDS = 4
# Clauses end at punctuation followed by a space (so "Qwen2.5-VL" and "e.g" stay whole), at
# brackets, quotes and slashes, and at dashes between words.
_CLAUSES = re.compile(r"[.,;:!?](?=\s|$)|[()\[\]{}\"“”‘’/|]|'(?=\s)|\s[-–—]\s|[–—]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-.'][A-Za-z0-9]+)*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?[a-z]{0,2}|[a-z]?\d+(?:\.\d+)?", re.IGNORECASE)
_JOINERS = {"of", "to", "and", "for", "in", "on", "with"}  # allowed inside a three-word phrase
# Words every abstract uses: a reason made only of these (and numbers) tells a reader nothing.
GENERIC = frozenset("""
ability able accuracy achieve achieved achieves achieving additionally address addresses addressing
advantage advantages aim aims algorithm algorithms allow allows analysis analyze applied applications
application apply approach approaches art available base based baseline baselines benchmark benchmarks
best better capability capabilities case cases challenge challenges challenging compared comparison
comprehensive conduct conducted consider considered consistently contribution contributions current
data dataset datasets demonstrate demonstrated demonstrates design designed despite develop developed
different difficult directly due effective effectively efficiency efficient efficiently enable enables
enhance enhanced enhancing evaluate evaluated evaluation evaluations existing experiment experimental
experiments explore extensive fail fine finetuned finetuning framework frameworks furthermore general
given good great high higher highly however human humans important improve improved improvement
improvements improves improving including information introduce introduced introduces issue issues
key knowledge large larger leading learn learned learning level leverage leverages leveraging limited
low lower main make makes making manner method methods metric metrics model modeling models moreover
multiple natural need needs network networks neural new notably novel numerous obtain offer often
outperform outperforming outperforms overall paper particular particularly perform performance
performing performs play plays popular possible potential powerful practical present presents pretrain
pretrained pretraining pre previous prior problem problems process processing propose proposed
proposes provide provides quality range real recent recently reduce remain remains require requires
research result results robust scale set setting settings show shown shows significant significantly
simple small specific specifically state strong studies study success successful successfully
superior support task tasks technique techniques test trained training train true tuned tuning
type types understanding use used useful uses using various way ways wide widely work works
""".split())


# Verbs, adverbs, connectives and praise: a phrase never starts or ends with one ("methods
# face", "improves robustness"); generic nouns may end a phrase ("diffusion models").
EDGE = frozenset("""
able capable incorporate incorporated induce defends large orders magnitude project page
sub-tasks multiple-choice open-ended achieve achieved achieves achieving additionally address addresses addressing aim aims allow
allows applied apply approach approaches based best better compared comprehensive conduct conducted
consider considered consistently current demonstrate demonstrated demonstrates design designed
develop developed different directly early effective effectively efficient efficiently enable
enables enhance enhanced enhancing ensure ensures evaluate evaluated existing exploit explore
extensive extract face faces fail furthermore given good great however important improve improved
improves improving including introduce introduced introduces key leverage leverages leveraging
main make makes making method methods moreover multiple notably novel numerous obtain offer often
opportunities outperform outperforming outperforms overall paper particular particularly perform
performing performs play plays popular possible potential powerful practical present presents
previous prior produce producing promising propose proposed proposes provide provides range recent
recently reduce remain remains require requires result results robust show shown shows significant
significantly simple specific specifically strong studies study success successful successfully
superior support systematic true use used uses using various via wide widely work works
""".split())
GENERIC = GENERIC | EDGE | {"downstream", "end-to-end", "high-fidelity", "real-time", "state-of-the-art",
                            "large-scale", "fine-grained", "high-quality", "well-known", "long-term"}


def _column(term: str) -> int:
    """The hashed column HashingVectorizer gives a term."""
    return abs(murmurhash3_32(term, seed=0)) % N_FEATURES


def _corpus_size(idf: np.ndarray) -> int:
    """Rows behind an idf (an unseen term's smooth idf is ln(1 + rows) + 1); remembered per
    idf array, which the index replaces (never changes in place) when it refits."""
    global _sized
    if _sized is None or _sized[0] is not idf:
        _sized = (idf, max(int(round(math.exp(float(idf.max()) - 1.0) - 1.0)), 0))
    return _sized[1]


_sized: tuple[np.ndarray, int] | None = None


@lru_cache(maxsize=200_000)
def _is_number(word: str) -> bool:
    return bool(_NUMBER.fullmatch(word))


@lru_cache(maxsize=200_000)
def _parts(word: str) -> tuple[str, ...]:
    """The lower-case pieces the lexical index hashes a word into ("text-to-image": text, image)."""
    return tuple(p for p in re.findall(r"\w\w+", word.lower()) if p not in ENGLISH_STOP_WORDS)


@lru_cache(maxsize=200_000)
def _content(word: str) -> bool:
    parts = _parts(word)
    if word.lower() in GENERIC:
        return False
    return bool(parts) and not _is_number(word) and not all(p in GENERIC or p.isdigit() for p in parts)


@lru_cache(maxsize=200_000)
def _shown(word: str) -> str:
    return word if any(c.isupper() for c in word[1:]) else word.lower()


def _phrases(text: str) -> dict[tuple[str, ...], str]:
    """Every qualifying run of words in the text: key (lower-case, singular) -> surface form."""
    found: dict[tuple[str, ...], str] = {}
    for clause in _CLAUSES.split(text or ""):
        words = _WORD.findall(clause)
        if not words:
            continue
        lower = [w.lower() for w in words]
        number = [_is_number(w) for w in words]
        stop = [w in ENGLISH_STOP_WORDS for w in lower]
        content = [not n and _content(w) for w, n in zip(words, number)]
        edge = [s or w in EDGE for w, s in zip(lower, stop)]
        for start in range(len(words)):
            if number[start] or stop[start]:
                continue
            for end in range(start + 1, min(start + MAX_WORDS, len(words)) + 1):
                last = end - 1
                if number[last]:
                    break  # a number ends every run through it
                size = end - start
                if stop[last] or (size > 1 and (edge[start] or edge[last])):
                    continue
                inner = range(start + 1, last)
                if size == 2 and (stop[start] or stop[last]):
                    continue
                if any(stop[k] and lower[k] not in _JOINERS for k in inner):
                    continue
                if any(stop[k] for k in inner) and not (content[start] and content[last]):
                    continue  # "bag of words" yes, "models for earth" no
                if not any(content[k] for k in range(start, end)):
                    continue
                key = tuple(_singular(w) for w in lower[start:end])
                if key not in found:
                    found[key] = " ".join(_shown(w) for w in words[start:end])
    return found


def _runs(text: str) -> set[tuple[str, ...]]:
    """Every run of up to MAX_WORDS words within a clause, as _phrases keys it, unfiltered."""
    keys: set[tuple[str, ...]] = set()
    for clause in _CLAUSES.split(text or ""):
        words = [_singular(w.lower()) for w in _WORD.findall(clause)]
        for size in range(1, MAX_WORDS + 1):
            keys.update(zip(*(words[k:] for k in range(size))))
    return keys


@lru_cache(maxsize=200_000)
def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _specificity(surface: str, idf: np.ndarray) -> float:
    """The idf of the phrase as the lexical index hashed it: a word, or its rarest word pair."""
    pieces = [p for w in surface.split() for p in _parts(w)]
    if not pieces:
        return 0.0
    if len(pieces) == 1:
        return float(idf[_column(pieces[0])])
    return max(float(idf[_column(f"{a} {b}")]) for a, b in zip(pieces, pieces[1:]))


def term_weights(text: str, idf: np.ndarray) -> dict[tuple[str, ...], str]:
    """The query paper's candidate reasons (computed once per list)."""
    return _phrases(text)


def shared_terms(query: dict[tuple[str, ...], str], other_text: str, idf: np.ndarray, limit: int = 5) -> list[str]:
    """Up to `limit` phrases the query paper shares with `other_text`, most specific first, as the
    query paper writes them (the filters ran on the query's phrases once; the other text only
    needs its runs of words, which is what keeps ten reasons within a few milliseconds)."""
    other = _runs(other_text)
    rows = _corpus_size(idf)
    # A phrase in more than COMMON_SHARE of the papers (at least two: the pair itself) is common.
    floors = {share: math.log((1 + rows) / (1 + max(2.0, share * rows))) + 1 if rows else 0.0
              for share in (COMMON_SHARE, WORD_SHARE)}
    scored = []
    for key in query.keys() & other:
        surface = query[key]
        specificity = _specificity(surface, idf)
        floor = floors[WORD_SHARE if len(_parts(surface)) == 1 else COMMON_SHARE]
        if rows and specificity < floor - 1e-6:
            continue
        scored.append((-specificity, -len(key), surface, key))
    scored.sort()
    chosen: list[tuple[tuple[str, ...], str]] = []
    for _, _, surface, key in scored:
        stem = tuple(_stem(w) for w in key)
        if any(_inside(stem, kept) or _inside(kept, stem) for kept, _ in chosen):
            continue
        chosen.append((stem, surface))
        if len(chosen) == limit:
            break
    return [surface for _, surface in chosen]


def _stem(word: str) -> str:
    """A crude stem, only to see that "watermark", "watermarks" and "watermarking" are one reason."""
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _inside(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    """Whether `small` is a run of words within `big` (a phrase repeating part of another)."""
    return any(big[i:i + len(small)] == small for i in range(len(big) - len(small) + 1))
