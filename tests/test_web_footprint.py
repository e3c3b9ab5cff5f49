"""A web process answers the API without loading the ranking libraries.

Only workers search and summarize; a web process needs the engines' version strings and a
queue. scikit-learn alone is about 65 MiB per process, and `web` runs four of them."""
import json
import subprocess
import sys

HEAVY = ("sklearn", "torch", "sentence_transformers", "faiss")

SCRIPT = """
import json, sys
from server.app import create_app
from server.config import Settings
client = create_app(Settings(redis_url=sys.argv[1], rate_limit="1000/minute")).test_client()
paper = {"url": "https://arxiv.org/abs/1706.03762", "title": "Attention Is All You Need",
         "abstract": "We propose the Transformer, based solely on attention mechanisms."}
statuses = [client.post("/api/v1/papers", json=paper).status_code,
            client.get("/api/v1/papers/arxiv:1706.03762").status_code]
token = client.post("/api/v1/accounts").get_json()["token"]
statuses.append(client.put("/api/v1/lists/default/items/arxiv:1706.03762", json={"tags": ["nlp"]},
                           headers={"Authorization": f"Bearer {token}"}).status_code)
print(json.dumps({"statuses": statuses, "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def test_the_web_app_serves_papers_and_lists_without_ranking_libraries(redis_server, redis):
    run = subprocess.run([sys.executable, "-c", SCRIPT, redis_server.url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["statuses"] == [202, 200, 201]
    assert report["loaded"] == []
