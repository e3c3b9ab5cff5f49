"""`summarize-file` and `eval summaries` end to end through the CLI, with files made in the test."""
from __future__ import annotations

import json

import pytest

from server.cli import main
from server.summaries.extractive import engine_name

PAPER = {"id": "2401.00001", "title": "Sparse Attention for Long Documents",
         "abstract": "Transformers are slow on long documents. We propose a sparse attention "
                     "pattern that scales linearly. It matches dense attention on three benchmarks."}


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    return stop.value.code


def test_summarize_file_writes_one_summary_per_good_line_and_names_each_bad_one(tmp_path, capsys):
    lines = [
        json.dumps(PAPER),
        "{not json",
        json.dumps({"id": "x2", "title": "No abstract field"}),
        json.dumps({"id": "x3", "title": 42, "abstract": "Numbers are not titles."}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "title": "Empty", "abstract": None}),
    ]
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert run(["summarize-file", str(source), str(target)]) == 1

    err = capsys.readouterr().err
    assert f"{source}:2: not valid JSON" in err
    assert f"{source}:3: missing field 'abstract'" in err
    assert f"{source}:4: field 'title' must be a string or null, not int" in err
    assert f"{source}:6: not a JSON object" in err
    assert f"wrote 2 of 6 papers to {target}; 4 lines failed" in err
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["2401.00001", 7]
    assert all(set(row) == {"id", "tldr", "key_points", "keywords", "engine"} for row in rows)
    assert "sparse attention" in rows[0]["tldr"].lower() and rows[0]["engine"] == engine_name()
    assert rows[1]["tldr"] is None


def test_summarize_file_succeeds_on_a_clean_file(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps(PAPER) + "\n", encoding="utf-8")
    assert run(["summarize-file", str(source), str(target)]) == 0
    assert len(target.read_text().splitlines()) == 1


def test_summarize_file_names_a_missing_input(tmp_path, capsys):
    assert run(["summarize-file", str(tmp_path / "nope.jsonl"), str(tmp_path / "out.jsonl")]) == 2
    assert "nope.jsonl is not a file" in capsys.readouterr().err


def test_eval_summaries_prints_rouge_papers_and_time(tmp_path, capsys):
    records = [
        {"paper_id": "a", "title": "Sparse Attention for Long Documents",
         "source": ["Transformers are slow on long documents.",
                    "We propose a sparse attention pattern that scales linearly.",
                    "It matches dense attention on three benchmarks."],
         "target": ["We propose a sparse attention pattern that scales linearly.", "Linear attention."]},
        {"paper_id": "b", "title": "Stable GANs",
         "source": ["GANs are hard to train.", "We propose a spectral regularizer for the discriminator."],
         "target": ["A regularizer that makes GANs stable."]},
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    assert run(["eval", "summaries", "--data", str(data)]) == 0

    out = capsys.readouterr().out
    assert f"engine {engine_name()} on dev.jsonl: ROUGE-1 " in out
    assert "ROUGE-2 " in out and "ROUGE-L " in out and "over 2 papers" in out and "ms per paper" in out
    assert "bare title " in out and "content words beyond the title " in out
    rouge1 = float(out.split("ROUGE-1 ")[1].split()[0])
    assert 50 < rouge1 <= 100  # paper a's TL;DR is in its abstract word for word
    assert f"goal ROUGE-1 >= 45: {rouge1:.2f} met" in out  # the goals, judged on these figures
    assert "goal bare-title TL;DRs % <= 1: " in out and "goal content words beyond the title % >= 65: " in out


def test_the_title_measures_count_copies_and_new_words():
    from server.commands.offline.eval_summaries import beyond_title, is_bare_title

    title = "Stable GANs: Spectral Regularization"
    assert is_bare_title("Stable GANs: spectral regularization.", title)
    assert not is_bare_title("Stable GANs: a spectral regularizer for the discriminator.", title)
    # content words: stable, gans, spectral, regularizer, discriminator -> 2 of 5 beyond
    assert beyond_title("Stable GANs with a spectral regularizer for the discriminator.", title) == 0.4
    assert beyond_title("", title) == 0.0


def test_label_sentences_writes_one_label_per_sentence_and_names_bad_lines(tmp_path, capsys):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "a", "sentences": ["Transformers are slow on long documents.",
                                             "We propose a sparse attention pattern.",
                                             "Results show it matches dense attention."]}),
        json.dumps({"id": "b", "sentences": "not a list"}),
        json.dumps({"id": "c", "sentences": []}),
    ]) + "\n", encoding="utf-8")
    assert run(["label-sentences", str(source), str(target)]) == 1
    assert f"{source}:2: field 'sentences' must be a list of strings" in capsys.readouterr().err
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a", "c"] and rows[1]["labels"] == []
    assert len(rows[0]["labels"]) == 3
    assert set(rows[0]["labels"]) <= {"background", "objective", "method", "result", "other"}


def test_eval_key_points_prints_accuracy_and_per_label_f1(tmp_path, capsys):
    data = tmp_path / "dev.jsonl"
    data.write_text(json.dumps({"sentences": ["Transformers are slow on long documents.",
                                              "We propose a sparse attention pattern."],
                                "labels": ["background", "objective"]}) + "\n", encoding="utf-8")
    assert run(["eval", "key-points", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "accuracy " in out and "over 2 sentences of 1 abstracts" in out
    assert all(f"{label:<10} F1" in out for label in ("background", "objective", "method", "result", "other"))
    accuracy = float(out.split("accuracy ")[1].split()[0])
    assert f"goal sentence-role accuracy >= 75: {accuracy:.2f} {'met' if accuracy >= 75 else 'NOT met'}" in out


def test_train_keywords_writes_a_phrase_table_from_titles(tmp_path, capsys):
    import gzip

    data = tmp_path / "papers.jsonl.gz"
    titles = ["Sparse Attention for Long Documents", "Efficient Sparse Attention", "Sparse Attention Revisited",
              "Sparse Attention at Scale"] + [f"Improving {w} Models" for w in ("Vision", "Speech", "Graph", "Code", "Math")]
    with gzip.open(data, "wt", encoding="utf-8") as handle:
        for title in titles:
            handle.write(json.dumps({"title": title, "abstract": "We study the problem."}) + "\n")
    output = tmp_path / "phrases.json"
    assert run(["train", "keywords", "--data", str(data), "--output", str(output)]) == 0
    spec = json.loads(output.read_text())
    assert "sparse attention" in spec["phrases"] and "improving" in spec["verbs"]
    assert "wrote" in capsys.readouterr().out
    assert run(["train", "keywords", "--data", str(tmp_path / "missing.jsonl")]) == 2
