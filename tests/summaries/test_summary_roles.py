"""The sentence-role model behind key points: it loads from the repository and labels abstracts."""
from __future__ import annotations

import json

from server.summaries.key_points import choose_points, is_own_limitation
from server.summaries.roles import LABELS, MODEL_PATH, load_roles
from server.offline import role_training

ABSTRACT = [
    "Deep learning training accesses vast amounts of data at high velocity, posing challenges for storage.",
    "In this paper, we propose progressive compressed records, a data format for training.",
    "We split each training example into several examples of increasing fidelity.",
    "Experiments show that models train 2x faster on average than with standard formats.",
]


def test_the_shipped_role_model_loads_offline_and_labels_every_sentence():
    assert MODEL_PATH.stat().st_size < 5_000_000
    model = load_roles()
    labels = model.label(ABSTRACT)
    assert len(labels) == len(ABSTRACT) and set(labels) <= set(LABELS)
    assert labels[0] == "background" and labels[-1] == "result"
    assert model.label([]) == []


def test_marginals_are_each_sentences_label_probabilities_and_agree_with_the_best_sequence():
    import numpy as np

    model = load_roles()
    marginals = model.marginals(ABSTRACT)
    assert marginals.shape == (len(ABSTRACT), len(LABELS))
    assert np.allclose(marginals.sum(1), 1.0) and (marginals >= 0).all()
    assert [LABELS[i] for i in marginals.argmax(1)] == model.label(ABSTRACT)
    labels, same = model.labels_and_marginals(ABSTRACT)
    assert labels == model.label(ABSTRACT) and np.allclose(same, marginals)


def test_of_several_background_or_result_sentences_the_likeliest_is_the_key_point():
    import numpy as np

    sentences = ["Graphs are everywhere.", "Dynamic graphs change over time and break static models.",
                 "We propose GraphX, a new model.", "We encode each snapshot with a shared encoder.",
                 "We train GraphX on 3 datasets.", "GraphX is 5% more accurate.", "GraphX is fast."]
    labels = ["background", "background", "objective", "method", "method", "result", "result"]
    confidence = np.full((7, 5), 0.1)
    confidence[[0, 1, 3, 4, 5, 6], [0, 0, 2, 2, 3, 3]] = [0.9, 0.5, 0.55, 0.8, 0.6, 0.9]
    assert choose_points(labels, sentences) == [(1, "problem"), (3, "method"), (5, "result")]
    # the method stays the first method sentence: the likeliest was often a result with a number
    assert choose_points(labels, sentences, confidence=confidence) == [(0, "problem"), (3, "method"),
                                                                       (6, "result")]


def test_a_method_sentence_that_reports_a_result_in_numbers_is_not_the_method_point():
    """The role model labels "X improves over Y by 8.3 points" method now and then (2606.20333)."""
    sentences = ["Skills are hard to compress.", "We propose SoftSkill, a learned prefix.",
                 "In our main setting, SoftSkill improves over prompting by 8.3 points on SearchQA.",
                 "We train the prefix by distillation from expert traces.", "The prefix transfers across models."]
    labels = ["background", "objective", "method", "method", "result"]
    assert choose_points(labels, sentences) == [(0, "problem"), (3, "method"), (4, "result")]
    # with no other method sentence, it is still the method point rather than none
    assert (2, "method") in choose_points(labels[:3], sentences[:3])


def test_key_point_roles_map_from_the_labels_and_a_limitation_must_be_the_papers_own():
    sentences = ["Graphs are everywhere.", "We propose GraphX, a new model.", "GraphX is accurate.",
                 "However, GraphX cannot handle dynamic graphs."]
    points = choose_points(["background", "objective", "result", "result"], sentences)
    assert points == [(0, "problem"), (1, "method"), (2, "result"), (3, "limitation")]
    assert not is_own_limitation("However, existing methods cannot handle dynamic graphs.")
    assert is_own_limitation("Our method does not scale to large graphs.")


def test_training_writes_a_model_the_loader_reads(tmp_path):
    abstracts = [{"sentences": ABSTRACT, "labels": ["background", "objective", "method", "result"]},
                 {"sentences": ["Images are big.", "We study compression of images.", "We use a codec.",
                                "Results show smaller files."],
                  "labels": ["background", "objective", "method", "result"]}] * 5
    spec = role_training.train(abstracts)
    path = tmp_path / "roles.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    labels = load_roles(path).label(ABSTRACT)
    assert labels == ["background", "objective", "method", "result"]


def test_a_key_point_reads_alone_without_an_opener_or_reference_to_the_sentence_before():
    from server.summaries.key_points import extract_key_points

    sentences = ["Simulation-based testing of driving systems searches fixed scenario templates.",
                 "On the other hand, real-world testing involves substantial manual effort.",
                 "We propose ScenGen, which turns real-world failure records into test scenarios.",
                 "We run ScenGen on 40 failure records and report its results.",
                 "Together, these results suggest that failure records are a cheap source of scenarios.",
                 "These findings hold for 3 road types."]
    labels = ["background", "background", "method", "method", "result", "result"]
    points = {p["sentence"]: p["text"] for p in extract_key_points(sentences, labels)}
    assert extract_key_points(sentences[4:], ["result", "result"])[1]["text"] == "The findings hold for 3 road types."
    assert extract_key_points(["Image registration assumes smooth deformations.",
                               "Yet biological structures are anything but regular."],
                              ["background", "background"])[1]["text"] == \
        "Biological structures are anything but regular."
    assert points[1] == "Real-world testing involves substantial manual effort."
    assert points[4] == "The results suggest that failure records are a cheap source of scenarios."


def test_a_long_key_point_is_kept_whole_rather_than_cut_mid_phrase():
    from server.summaries.key_points import MAX_POINT_WORDS, shorten

    sentence = ("Recent methods instead predict explicit height maps to capture non-planar surfaces, but still "
                "rely on sparse anchor-based regression and exploit the recovered geometry merely for spatial "
                "transformation rather than semantic reasoning about lanes.")
    assert len(sentence.split()) < MAX_POINT_WORDS and shorten(sentence) == sentence
    too_long = " ".join(["word"] * (MAX_POINT_WORDS + 5)) + "."
    assert shorten(too_long).endswith(" …") and len(shorten(too_long).split()) == MAX_POINT_WORDS + 1


def test_cue_features_name_the_opening_words_the_cues_and_the_length():
    from server.summaries.roles import cue_features

    features = cue_features("In this paper, we propose a model that outperforms prior work by 3.5%.")
    assert {"first1=in", "first2=in this", "first3=in this paper", "cue=in_this_paper",
            "cue=we_propose", "cue=outperform", "cue=percent", "cue=decimal", "length=2"} <= set(features)
    assert "cue=past_be" not in features
    assert "cues=we" in cue_features("We train it and we test it.")


def test_the_crf_gradient_matches_finite_differences():
    """The training objective's analytic gradient, checked on a tiny random problem."""
    import numpy as np
    from scipy import sparse
    from server.offline import crf

    rng = np.random.default_rng(0)
    X = sparse.csr_matrix(rng.normal(size=(9, 3)))
    y = rng.integers(0, 4, 9)
    captured = {}

    def capture(function, theta, **_):
        captured["f"] = function

        class Result:
            x = theta
        return Result

    original, crf.minimize = crf.minimize, capture
    try:
        crf.LinearChainCRF(4, C=2.0).fit(X, y, [2, 4, 3])
    finally:
        crf.minimize = original
    theta = rng.normal(size=3 * 4 + 4 + 16 + 4)
    _, gradient = captured["f"](theta)
    step = np.eye(len(theta)) * 1e-6
    numeric = [(captured["f"](theta + e)[0] - captured["f"](theta - e)[0]) / 2e-6 for e in step]
    assert np.allclose(gradient, numeric, atol=1e-5)
