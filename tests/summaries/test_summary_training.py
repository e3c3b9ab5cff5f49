"""Training writes a model file the engine loads, and the engine scores exactly as scikit-learn does."""
from __future__ import annotations

import json

import numpy as np
import pytest

from server.cli import main
from server.offline import summary_training as training
from server.summaries.model import Ranker

TOPICS = ["graph neural networks", "sparse attention", "protein folding", "speech recognition",
          "image segmentation", "program synthesis", "federated learning", "causal inference",
          "reinforcement learning", "knowledge distillation", "neural compression", "active learning"]


def tiny_scitldr(path):
    """A dozen SciTLDR-format records made up for the test."""
    with open(path, "w", encoding="utf-8") as handle:
        for number, topic in enumerate(TOPICS):
            record = {
                "paper_id": f"p{number}", "title": f"Better {topic.title()} with Simple Tricks",
                "source": [f"Progress in {topic} is slow because models are large.",
                           f"In this paper, we propose a simple trick for {topic} that halves the cost.",
                           f"Experiments on three benchmarks show gains of {number + 2} points."],
                "target": [f"We propose a simple trick for {topic} that halves the cost."],
            }
            handle.write(json.dumps(record) + "\n")


def test_train_command_writes_a_model_the_engine_loads(tmp_path, capsys):
    data, model = tmp_path / "train.jsonl", tmp_path / "ranker.json"
    tiny_scitldr(data)
    with pytest.raises(SystemExit) as stop:
        main(["train", "summaries", "--data", str(data), "--output", str(model), "--version", "7"])
    assert stop.value.code == 0
    assert f"wrote {model}" in capsys.readouterr().out
    ranker = Ranker(json.loads(model.read_text()))
    assert ranker.version == 7
    probability = ranker.word_probability("Better Sparse Attention", [
        "Attention is slow.", "We propose a simple trick for attention."])
    assert set(probability) >= {"spars", "attent", "trick", "slow"}  # Porter stems, as ROUGE counts
    assert probability["trick"] > probability["slow"]  # train's TL;DRs always said "trick", never "slow"


def test_exported_trees_score_like_scikit_learn(tmp_path):
    data = tmp_path / "train.jsonl"
    tiny_scitldr(data)
    papers = training.load_papers(data)
    prior, held_out, kept = training.word_counts(papers)
    word_model = training.fit_word_model(papers, prior, held_out, kept)
    X, y, groups, texts = training.ranking_data(papers, prior, word_model, held_out)
    rankers = training.fit_rankers(X, y)
    wording = training.fit_wording(texts, y, groups)
    ranker = Ranker(json.loads(json.dumps(training.export(1, prior, word_model, rankers, wording))))
    expected = np.mean([r.predict(np.asarray(X)) for r in rankers], axis=0)
    assert np.allclose(ranker.score(X), expected, atol=1e-4)
    assert sum(groups) == len(X) == len(y)


def test_train_command_names_a_missing_file(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["train", "summaries", "--data", str(tmp_path / "none.jsonl"), "--output", str(tmp_path / "m.json")])
    assert stop.value.code == 2 and "none.jsonl is not a file" in capsys.readouterr().err
