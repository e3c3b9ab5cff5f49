"""Acronyms the abstract defines ("Progressive Compressed Records (PCRs)"), expanded once in a TL;DR
that uses one without its definition: a reader of the TL;DR alone has not seen the abstract."""
from __future__ import annotations

import re

_DEFINITION = re.compile(r"((?:[\w-]+\s+){1,8})\(([A-Za-z][A-Za-z-]*[A-Z][A-Za-z-]*)\)")
_SKIPPABLE = {"of", "for", "and", "the", "a", "an", "in", "on", "to", "with", "via", "by"}


def definitions(sentences: list[str]) -> dict[str, str]:
    """{acronym: long form} for every "long form (ACRONYM)" whose words' initials spell it."""
    found: dict[str, str] = {}
    for sentence in sentences:
        for match in _DEFINITION.finditer(sentence):
            acronym = match.group(2)
            long_form = _long_form(match.group(1).split(), acronym.removesuffix("s"))
            if long_form and acronym not in found:
                found[acronym] = long_form
    return found


def _long_form(words: list[str], acronym: str) -> str | None:
    letters = [ch.lower() for ch in acronym if ch.isupper()]
    taken, need = [], list(letters)
    for word in reversed(words):
        if not need:
            break
        parts = [p for p in word.split("-") if p]
        initials = [p[0].lower() for p in parts]
        if initials and initials == need[-len(initials):]:
            need = need[:-len(initials)]
            taken.append(word)
        elif word.lower() in _SKIPPABLE and taken:
            taken.append(word)
        elif initials and initials[-1] == need[-1]:
            need.pop()
            taken.append(word)
        else:
            return None
    if need or not taken or taken[-1].lower() in _SKIPPABLE:
        return None
    rest = words[: len(words) - len(taken)]
    if rest and rest[-1][:1].isupper() and rest[-1][:1].lower() == letters[0]:
        return None  # "Reinforced Reasoning for Personalization (RRP)" read from the wrong word
    return " ".join(reversed(taken))


def expand_once(text: str, known: dict[str, str]) -> str:
    """The first use of each defined acronym in `text` gets its long form, unless `text` has it."""
    for acronym, long_form in known.items():
        if f"({acronym}" in text or long_form.lower() in text.lower():
            continue
        match = re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text)
        if match:
            words = long_form.split()
            opens_sentence = match.start() == 0 or text[: match.start()].endswith(": ")
            if not opens_sentence and words[0][1:].islower() and all(w.islower() for w in words[1:]):
                long_form = long_form[0].lower() + long_form[1:]  # "Dynamic neural networks" mid-sentence
            elif opens_sentence:  # "LLMs are ..." -> "Large language models (LLMs) are ..."
                long_form = long_form[0].upper() + long_form[1:]
            text = f"{text[:match.start()]}{long_form} ({acronym}){text[match.end():]}"
    return text
