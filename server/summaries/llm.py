"""Optional engine: any OpenAI-compatible chat-completions server (Ollama, vLLM, llama.cpp, hosted).

The answer must be JSON in the engine contract's shape; anything else raises LLMError, and the
caller falls back to the default engine and says why.
"""
from __future__ import annotations

import json
import re

import requests

ROLES = ("problem", "method", "result", "limitation", "other")
MAX_TLDR_WORDS = 40  # slack over the prompt's 30 (the default engine allows 34): models count words loosely

SYSTEM_PROMPT = (
    "You summarize computer-science papers for researchers. Use only what the title and abstract "
    "say; never add facts. Answer with one JSON object and nothing else, with keys: "
    '"tldr": one sentence of at most 30 words saying what the paper contributes, as its author '
    'would write it; "key_points": 3 to 5 objects {"role": one of "problem", "method", "result", '
    '"limitation" (only if the abstract states one), "text": a short sentence}; '
    '"keywords": 3 to 6 key phrases of the paper.'
)


class LLMError(Exception):
    """The model server could not give a usable summary (timeout, HTTP error, malformed answer)."""


def summarize_with_llm(title: str, abstract: str, settings) -> dict:
    content = _ask(settings, f"Title: {title}\n\nAbstract: {abstract}")
    return validate(_parse_json(content), settings.llm_model)


def _ask(settings, prompt: str) -> str:
    url = settings.llm_base_url.rstrip("/") + "/chat/completions"
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    body = {"model": settings.llm_model, "temperature": 0, "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}]}
    try:
        response = requests.post(url, json=body, headers=headers, timeout=settings.llm_timeout_seconds)
    except requests.Timeout:
        raise LLMError(f"no answer within {settings.llm_timeout_seconds:g} s") from None
    except requests.RequestException as error:
        raise LLMError(f"cannot reach the model server ({type(error).__name__})") from None
    if response.status_code != 200:
        raise LLMError(f"the model server answered HTTP {response.status_code}")
    try:
        return response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError("the model server's reply is not a chat completion") from None


def _parse_json(content) -> dict:
    if not isinstance(content, str):
        raise LLMError("the model's answer has no text")
    text = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", content)  # some models fence their JSON
    try:
        answer = json.loads(text)
    except ValueError:
        raise LLMError("the model's answer is not valid JSON") from None
    if not isinstance(answer, dict):
        raise LLMError("the model's answer is not a JSON object")
    return answer


def validate(answer: dict, model: str) -> dict:
    """The answer in the engine contract's shape, or LLMError naming what is wrong."""
    tldr = answer.get("tldr")
    if not isinstance(tldr, str) or not tldr.strip():
        raise LLMError("the model's answer has no tldr")
    if len(tldr.split()) > MAX_TLDR_WORDS:
        raise LLMError(f"the model's tldr is longer than {MAX_TLDR_WORDS} words")
    points = answer.get("key_points")
    if not isinstance(points, list) or not 1 <= len(points) <= 5:
        raise LLMError("the model's key_points is not a list of 1 to 5 points")
    key_points = []
    for point in points:
        if not isinstance(point, dict) or not isinstance(point.get("text"), str) or not point["text"].strip():
            raise LLMError("a key point of the model's answer has no text")
        role = point.get("role") if point.get("role") in ROLES else "other"
        key_points.append({"role": role, "text": point["text"].strip()})
    keywords = answer.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise LLMError("the model's keywords is not a list of strings")
    return {"tldr": tldr.strip(), "key_points": key_points,
            "keywords": [k.strip() for k in keywords if k.strip()][:6],
            "engine": f"llm:{model}", "notice": None, "fallback": None}
