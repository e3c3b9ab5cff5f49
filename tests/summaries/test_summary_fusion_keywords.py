"""TL;DRs that join what a paper does to its main result, and keywords that are noun phrases."""
from __future__ import annotations

from server.summaries import summarize
from server.summaries.candidates import fusions
from server.summaries.keywords import candidate_phrases, extract_keywords
from server.summaries.phrases import build

SIMPLICIAL = [
    "We introduce the 2-simplicial Transformer, an extension of the Transformer which includes a form "
    "of higher-dimensional attention generalising the dot-product attention.",
    "We show that this architecture is a useful inductive bias for logical reasoning in the context "
    "of deep reinforcement learning.",
]


def test_a_contribution_is_fused_with_the_finding_that_follows_it():
    texts = [c.text for c in fusions(SIMPLICIAL)]
    assert ("We introduce the 2-simplicial Transformer and show that it is a useful inductive bias for "
            "logical reasoning in the context of deep reinforcement learning.") in texts
    assert all(c.kind == "fused" and (c.index, c.second) == (0, 1) for c in fusions(SIMPLICIAL))


def test_a_result_whose_subject_is_the_method_joins_as_it():
    sentences = ["We propose a sparse mixture of experts for softmax inference.",
                 "Our method outperforms the full softmax by a factor of ten in speed."]
    texts = [c.text for c in fusions(sentences)]
    assert ("We propose a sparse mixture of experts for softmax inference; it outperforms the full "
            "softmax by a factor of ten in speed.") in texts


def test_no_fusion_without_a_contribution_or_a_result():
    assert fusions(["Deep networks are large.", "We show that pruning helps."]) == []
    assert fusions(["We propose a new loss for ranking.", "Ranking is hard in general."]) == []


def test_a_fused_tldr_says_which_sentences_it_joined():
    summary = summarize("Logic and the 2-Simplicial Transformer", " ".join(SIMPLICIAL))
    if summary["tldr_source"]["form"] == "fused":
        assert summary["tldr_source"]["sentences"] == [0, 1]
    assert summary["tldr"].endswith(".")


def _table():
    titles = ["Point Cloud Detection with Sparse Transformers", "Robust Point Cloud Detection",
              "Improving Point Cloud Detection", "Point Cloud Detection for Driving",
              "Improving Depth Estimation", "Improving Speech Recognition", "Improving Video Models",
              "Improving Graph Models", "Sparse Transformers for Vision", "Efficient Sparse Transformers",
              "Sparse Transformers at Scale", "Sparse Transformers in Practice"]
    abstracts = ["Detectors need the points."] * 20 + ["Models improve the results."] * 20
    from server.summaries.phrases import PhraseTable
    return PhraseTable(build(zip(titles + [""] * 28, abstracts)))


def test_the_phrase_table_keeps_noun_phrases_and_drops_verbs_and_unfinished_runs():
    table = _table()
    assert {"point cloud detection", "sparse transformers"} <= table.phrases
    assert "point cloud" not in table.phrases  # it usually goes on: "point cloud detection"
    assert "improving" in table.verbs  # opens the titles it is in
    assert "need" in table.verbs  # "need the": an article follows it


def test_keyword_candidates_never_end_in_a_verb():
    table = _table()
    found = [" ".join(p) for p in candidate_phrases(
        "LiDAR-based point cloud detection detectors rely on sparse transformers", table)]
    assert "point cloud detection" in found and "sparse transformers" in found
    assert not any(p.split()[-1] in {"rely", "detectors rely"} for p in found)


def test_shipped_keywords_are_noun_phrases_not_fragments():
    title = "Sparse Fusion for LiDAR-based 3D Object Detection"
    sentences = ["LiDAR-based detectors rely on dense point clouds, and matching methods due to "
                 "occlusion fail on sparse scans.",
                 "We propose a sparse fusion module for 3D object detection in autonomous driving."]
    keywords = extract_keywords(title, sentences, {})
    assert any("3D object detection" in k for k in keywords)
    assert not any(k.endswith((" rely", " due", " on", " for")) for k in keywords)


def test_a_contraction_leaves_no_fragment_keyword():
    keywords = extract_keywords("Look But Don't Touch with Sparse Autoencoders for Unlearning",
                                ["Sparse autoencoders detect concepts in diffusion models."], {})
    assert "sparse autoencoders" in [k.lower() for k in keywords]
    assert not any(k.lower() in {"don", "don't", "t"} for k in keywords)


def test_this_becomes_the_when_the_title_names_what_it_points_at():
    from server.summaries.candidates import resolve_reference, stands_alone

    title = "Disentangling Content and Style via Unsupervised Geometry Distillation"
    text = "We present a novel framework to learn this disentangled representation without labels."
    resolved = resolve_reference(text, title)
    assert resolved == "We present a novel framework to learn the disentangled representation without labels."
    assert stands_alone(resolved) and not stands_alone(text)
    # Nothing names "this issue": it stays, and the candidate is refused as leaning on a dropped sentence.
    assert resolve_reference("We address this issue with a new loss.", title) == "We address this issue with a new loss."
    # the title's "Multilingual" names the setting, not "this phenomenon" (arXiv 2606.28843)
    sentence = "We present the first empirical study of this phenomenon in multilingual settings."
    assert resolve_reference(sentence, "The Safety Impacts of Benign Multilingual Fine-Tuning") == sentence
