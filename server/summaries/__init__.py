"""Summary engine: title and abstract in, a TL;DR, key points and keywords out.

Plain data in, plain data out: no Flask, RQ or Redis here. The default engine (extractive.py)
ranks candidate TL;DRs made of the author's own words with a small model learned from SciTLDR
train (ranker.json); it needs no network. If an OpenAI-compatible model server is configured
(PAPERGIST_LLM_BASE_URL and PAPERGIST_LLM_MODEL), it writes the summary instead, and any
failure of it falls back to the default engine, which the answer then says.

Contract (the summary job and `summarize-file` rely on it):
    summarize(title, abstract, settings=None) -> {
        "tldr": str | None,          # None only when there is too little text; then "notice" says so
        "key_points": [{"role": "problem|method|result|limitation|other", "text": str,
                        "sentence": int, "label": str}],   # sentence: index in the abstract;
                                     # label: the role model's CSAbstruct label (LLM points lack both)
        "keywords": [str],           # noun phrases of the paper (phrases.py), at most 6
        "engine": str,               # name@version of the engine that wrote it, e.g. "tldr-ranker@4+roles@2+points@4+phrases@1",
                                     # "llm:<model>" or "tldr-ranker@1 (fallback: <reason>)"
        "notice": str | None,        # plain words for the reader, e.g. "abstract too short"
        "fallback": str | None,      # why the configured LLM was not used, else None
        "tldr_source": {"title": bool, "sentences": [int], "form": str} | None,  # where the TL;DR's
                                     # words came from: the title (as "Title: ..."), abstract sentences
        "role_model": str | None,    # the sentence-role model that labelled the key points, "roles@2"
    }
    engine_version(settings=None) -> str   # part of the cache key; bump it to invalidate
    warm_up(settings=None) -> None         # load the model before RQ forks, so jobs start ready
"""
from __future__ import annotations

from server.summaries.extractive import engine_name, summarize_extractive
from server.summaries.llm import LLMError, summarize_with_llm
from server.summaries.model import load_ranker
from server.summaries.phrases import load_phrases
from server.summaries.roles import load_roles
from server.summaries.sentences import prepare

__all__ = ["summarize", "engine_version", "warm_up"]


def warm_up(settings=None) -> None:
    load_ranker()
    load_roles()
    load_phrases()


def engine_version(settings=None) -> str:
    if _llm_configured(settings):
        return f"llm:{settings.llm_model}+{engine_name()}"
    return engine_name()


def summarize(title: str | None, abstract: str | None, settings=None) -> dict:
    if not _llm_configured(settings):
        return summarize_extractive(title, abstract)
    _, sentences = prepare(title, abstract)
    if len(sentences) < 2:  # too little text: the model could only invent; the default engine says so
        return summarize_extractive(title, abstract)
    try:
        return summarize_with_llm(title or "", abstract or "", settings)
    except LLMError as error:
        result = summarize_extractive(title, abstract)
        result["engine"] = f"{result['engine']} (fallback: {error})"
        result["fallback"] = str(error)
        return result


def _llm_configured(settings) -> bool:
    return bool(settings and settings.llm_base_url and settings.llm_model)
