"""An upstream (arXiv) that is slow, erroring or rate-limiting: bounded latency, retries, and a
status the reader can understand."""
import time

import pytest

from tests.support.polling import settled_document


@pytest.mark.parametrize("arxiv_id, answer, error", [
    ("2405.00429", (429, "Rate exceeded."), "arXiv answered HTTP 429"),
    ("2405.00500", (500, "Internal Server Error"), "arXiv answered HTTP 500"),
    ("2405.00003", (200, "<html><body>Down for maintenance"), "arXiv sent a response that is not valid XML"),
    ("2405.00005", (200, "<html><body>Down for maintenance</body></html>"), "arXiv sent a page that is not an Atom feed"),
    ("2405.00004", (200, "<feed/>", 3), "arXiv did not answer: ReadTimeout"),
])
def test_an_upstream_failure_ends_in_a_readable_failed_part(client, worker, arxiv_api, settings,
                                                            arxiv_id, answer, error):
    arxiv_api.route("/api/query", answer, when={"id_list": arxiv_id})
    start = time.monotonic()
    client.post("/api/v1/papers", json={"url": f"https://arxiv.org/pdf/{arxiv_id}"})
    document = settled_document(client, f"arxiv:{arxiv_id}", timeout=60)
    elapsed = time.monotonic() - start

    assert document["summary"]["status"] == "failed"
    assert document["summary"]["error"] == error
    tries = 1 + len(settings.job_retry_seconds)
    asked = sum(1 for path, query in arxiv_api.requests if query.get("id_list") == arxiv_id)
    assert tries <= asked <= 2 * tries  # both parts need the abstract; each retried, none forever
    # Bounded: every try is capped by the upstream timeout, every pause by the retry schedule.
    bound = 2 * tries * settings.upstream_timeout_seconds + sum(settings.job_retry_seconds) + 10
    assert elapsed < bound
