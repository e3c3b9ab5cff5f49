"""Why a paper is related, in a reader's words: phrases as written in both papers, no bare
numbers, no generic words, no pairs glued across a gap, at most five, most specific first."""
from __future__ import annotations

from server.related.explain import shared_terms, term_weights
from server.related.lexical import LexicalIndex

QUERY = ("Negative prompt guidance for building extraction. We pre-train a 3B model and fine-tune it; "
         "furthermore, preselect 15 regions. The negative prompt plays a key role in building extraction "
         "from aerial images with diffusion models.")
OTHER = ("Building extraction from aerial images. A negative prompt steers the sampler; training is "
         "based on a pre-trained net, fine-tuned for 15 epochs (3B parameters). Furthermore we preselect "
         "tiles. True positives are counted.")
FILLER = [f"Paper {i} about speech recognition, parsing and robots with diffusion models trained on data."
          for i in range(40)]


def _why(query: str, other: str, limit: int = 5) -> list[str]:
    index = LexicalIndex()
    index.add([query, other, *FILLER])
    return shared_terms(term_weights(query, index.idf), other, index.idf, limit=limit)


def test_reasons_are_phrases_as_written_most_specific_first():
    why = _why(QUERY, OTHER)
    assert "negative prompt" in why
    assert "building extraction" in why or "building extraction from aerial images" in why
    assert "aerial images" in why or any("aerial images" in w for w in why)
    assert len(why) <= 5


def test_no_numbers_generic_words_or_pairs_that_never_stood_together():
    why = _why(QUERY, OTHER)
    for bad in ("15", "3b", "3B", "true", "plays", "pre train", "train pre", "training fine", "based net",
                "furthermore preselect", "fine-tune", "pre-trained", "key"):
        assert bad not in why, (bad, why)
    assert not any(any(ch.isdigit() for ch in w) for w in why)
    # "diffusion models" is in every filler paper: common in the corpus, so not a reason
    assert "diffusion models" not in why


def test_a_phrase_inside_a_chosen_one_is_not_repeated_and_acronyms_keep_their_case():
    query = "We render scenes with NeRF and gaussian splatting; watermarking of splats."
    other = "Gaussian splatting beats NeRF; robust watermarks for splatting and watermarking."
    why = _why(query, other)
    assert "NeRF" in why
    assert "gaussian splatting" in why and "splatting" not in why
    assert sum(w.startswith("watermark") for w in why) == 1


def test_limit_and_nothing_shared():
    assert len(_why(QUERY, OTHER, limit=2)) == 2
    assert _why("Query optimization in relational databases.", "Robots learn to grasp.") == []
