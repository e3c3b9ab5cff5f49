"""The LLM engine against a local server speaking the chat-completions protocol, and each fallback."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.config import Settings
from server.summaries import engine_version, summarize
from server.summaries.extractive import engine_name

TITLE = "Stable GAN Training with Spectral Regularization"
ABSTRACT = ("Generative adversarial networks are hard to train. We propose a spectral regularizer "
            "that keeps the discriminator smooth. Experiments on CIFAR-10 show stable training and "
            "better FID than strong baselines.")
GOOD_ANSWER = {
    "tldr": "A spectral regularizer on the discriminator makes GAN training stable and improves FID.",
    "key_points": [{"role": "problem", "text": "GANs are hard to train."},
                   {"role": "method", "text": "A spectral regularizer keeps the discriminator smooth."},
                   {"role": "result", "text": "Stable training and better FID on CIFAR-10."}],
    "keywords": ["GAN", "spectral regularization", "FID"],
}


class ChatServer:
    """Answers POST /v1/chat/completions as an OpenAI-compatible server would, in a chosen mode."""

    def __init__(self):
        self.mode, self.requests = "ok", []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                server.requests.append((self.path, dict(self.headers), json.loads(self.rfile.read(length))))
                status, body = server.answer()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self) -> tuple[int, bytes]:
        if self.mode == "http500":
            return 500, b'{"error": {"message": "model crashed", "type": "server_error"}}'
        if self.mode == "timeout":
            time.sleep(1.5)
        content = {"ok": json.dumps(GOOD_ANSWER), "timeout": json.dumps(GOOD_ANSWER),
                   "fenced": "```json\n" + json.dumps(GOOD_ANSWER) + "\n```",
                   "malformed": '{"tldr": "A spectral regularizer", "key_points": [',
                   "wrong_shape": json.dumps({"summary": "no tldr key here"})}[self.mode]
        completion = {
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "tiny",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 120, "completion_tokens": 60, "total_tokens": 180},
        }
        return 200, json.dumps(completion).encode()

    def close(self):
        self.httpd.shutdown()


@pytest.fixture(scope="module")
def chat_server():
    server = ChatServer()
    yield server
    server.close()


@pytest.fixture
def settings(chat_server):
    chat_server.mode, chat_server.requests[:] = "ok", []
    return Settings(llm_base_url=chat_server.url, llm_model="tiny", llm_api_key="secret",
                    llm_timeout_seconds=0.5)


@pytest.mark.parametrize("mode", ["ok", "fenced"])
def test_the_model_writes_the_summary(chat_server, settings, mode):
    chat_server.mode = mode
    summary = summarize(TITLE, ABSTRACT, settings)
    assert summary["engine"] == "llm:tiny" and summary["fallback"] is None
    assert summary["tldr"] == GOOD_ANSWER["tldr"]
    assert summary["key_points"] == GOOD_ANSWER["key_points"]
    assert summary["keywords"] == GOOD_ANSWER["keywords"]
    path, headers, body = chat_server.requests[-1]
    assert path == "/v1/chat/completions" and headers["Authorization"] == "Bearer secret"
    assert body["model"] == "tiny" and ABSTRACT in body["messages"][-1]["content"]


@pytest.mark.parametrize("mode, reason", [
    ("malformed", "not valid JSON"),
    ("wrong_shape", "has no tldr"),
    ("http500", "HTTP 500"),
    ("timeout", "no answer within 0.5 s"),
])
def test_a_failing_model_falls_back_to_the_default_engine_and_says_so(chat_server, settings, mode, reason):
    chat_server.mode = mode
    summary = summarize(TITLE, ABSTRACT, settings)
    assert reason in summary["fallback"]
    assert summary["engine"] == f"{engine_name()} (fallback: {summary['fallback']})"
    assert summary["tldr"] and "spectral regularizer" in summary["tldr"]
    assert len(summary["key_points"]) == 3


def test_an_unreachable_server_falls_back(settings):
    unreachable = settings.replace(llm_base_url="http://127.0.0.1:9/v1")
    summary = summarize(TITLE, ABSTRACT, unreachable)
    assert "cannot reach the model server" in summary["fallback"]


def test_too_little_text_is_not_sent_to_the_model(chat_server, settings):
    summary = summarize(TITLE, "", settings)
    assert summary["tldr"] is None and "too little text" in summary["notice"]
    assert chat_server.requests == []


def test_the_cache_key_names_the_model(settings):
    assert engine_version(settings).startswith("llm:tiny+") and engine_version() == engine_name()
