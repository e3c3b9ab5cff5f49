"""Ranking for a list: like the list's papers, unlike the rejected ones, never the list's own."""
from server import related
from server.lists import rocchio as recommendations
from tests.support.topics import BIO, NLP, load_corpus, papers


def _related_to(redis):
    return lambda paper, limit: related.find_related(redis, paper, limit=limit, cut=False)  # as the job asks


def test_recommends_papers_on_the_lists_topic_and_none_it_holds(redis):
    load_corpus(redis)
    seeds = papers(NLP[:2])
    exclude = {seed["paper_id"] for seed in seeds}
    ranked = recommendations.recommend(_related_to(redis), seeds, [], exclude, limit=4)
    ids = [r["paper_id"] for r in ranked]
    assert len(ids) == 4 and not exclude & set(ids)
    assert set(ids) <= {pid for pid, _, _ in NLP}
    assert all(r["because"] and set(r["because"]) <= exclude for r in ranked)
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)


def test_a_rejected_paper_pulls_its_neighbours_down(redis):
    load_corpus(redis)
    seeds = papers(NLP[:1])
    before = recommendations.recommend(_related_to(redis), seeds, [], {NLP[0][0]}, limit=10)
    speech = papers([NLP[5]])  # "not relevant": speech recognition
    after = recommendations.recommend(_related_to(redis), seeds, speech, {NLP[0][0], NLP[5][0]}, limit=10)
    score = {r["paper_id"]: r["score"] for r in before}
    score_after = {r["paper_id"]: r["score"] for r in after}
    assert NLP[5][0] in score and NLP[5][0] not in score_after
    lowered = [pid for pid in score_after if score_after[pid] < score[pid]]
    assert lowered  # papers like the rejected one lost score
    assert all(score_after[pid] <= score[pid] for pid in score_after)


def test_an_empty_list_or_corpus_recommends_nothing(redis):
    assert recommendations.recommend(_related_to(redis), [], [], set(), limit=5) == []
    assert recommendations.recommend(_related_to(redis), papers(BIO[:1]), [], set(), limit=5) == []
