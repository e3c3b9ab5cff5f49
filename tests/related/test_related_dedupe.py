"""One paper, one row: a list never holds the paper itself under another id, nor one paper twice."""
from __future__ import annotations

from server.related.dedupe import distinct, same_paper

QUERY = {"paper_id": "doi:10.18653/v1/p17-1015", "title": "Program Induction by Rationale Generation: "
         "Learning to Solve and Explain Algebraic Word Problems", "authors": ["Wang Ling", "Dani Yogatama"]}


def test_the_paper_itself_under_arxiv_url_or_s2_ids_is_dropped_and_copies_are_listed_once():
    items = [
        {"paper_id": "arxiv:1705.04146", "title": "Program induction by rationale generation: learning to solve "
         "and explain algebraic word problems", "authors": ["Wang Ling", "Dani Yogatama", "Chris Dyer"]},
        {"paper_id": "arxiv:1608.01234", "title": "Learning to solve arithmetic word problems", "authors": ["A. Roy"]},
        {"paper_id": "url:https://aclanthology.org/P16-1202", "title": "Learning to Solve Arithmetic Word Problems.",
         "authors": ["Roy, A."]},
        {"paper_id": "s2:abc", "title": "Program Induction by Rationale Generation - Learning to Solve and "
         "Explain Algebraic Word Problems", "authors": []},
        {"paper_id": "doi:10.1/other", "title": "Solving geometry problems", "authors": ["M. Seo"]},
    ]
    kept = distinct(items, QUERY)
    assert [i["paper_id"] for i in kept] == ["arxiv:1608.01234", "doi:10.1/other"]


def test_same_title_by_other_authors_is_another_paper():
    a = {"paper_id": "arxiv:1", "title": "Attention is all you need", "authors": ["Ashish Vaswani"]}
    b = {"paper_id": "doi:2", "title": "Attention Is All You Need", "authors": ["Somebody Else"]}
    c = {"paper_id": "url:3", "title": "Attention is all you need!", "authors": []}
    assert not same_paper(a, b)
    assert same_paper(a, c) and same_paper(b, c)
    assert not same_paper(a, {"paper_id": "x", "title": "", "authors": []})
