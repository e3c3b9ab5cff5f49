"""The list store under concurrent writers: WATCH transactions keep the tag and "saved in"
indexes in step with the items, whatever order the writes land in."""
import json
from concurrent.futures import ThreadPoolExecutor

from server.lists import store as lists_store

ACCOUNT = "0" * 32


def stored_item(redis, paper_id: str) -> dict | None:
    return next((item for item in lists_store.all_items(redis, ACCOUNT, "default") if item["paper_id"] == paper_id), None)


def test_concurrent_updates_of_one_item_leave_consistent_indexes(redis_server, redis):
    def write(n):
        client = redis_server.client()
        tags = [f"t{n % 4}", "common"]
        lists_store.save_item(client, ACCOUNT, "default", "arxiv:1706.03762", {"tags": tags}, 100)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(64)))

    item = stored_item(redis, "arxiv:1706.03762")
    for tag in ("t0", "t1", "t2", "t3", "common"):
        indexed = redis.zscore(lists_store.tag_key(ACCOUNT, "default", tag), "arxiv:1706.03762") is not None
        assert indexed == (tag in item["tags"]), tag
    assert lists_store.lists_holding_each(redis, ACCOUNT, ["arxiv:1706.03762"])[0] == ["default"]
    assert redis.zcard(lists_store.list_key(ACCOUNT, "default", "order")) == 1
    assert lists_store.revision(redis, ACCOUNT, "default") == 1  # created once, updated 63 times


def test_concurrent_saves_and_removals_never_strand_an_index_entry(redis_server, redis):
    def churn(n):
        client = redis_server.client()
        paper_id = f"arxiv:2401.0000{n % 5}"
        if n % 3:
            lists_store.save_item(client, ACCOUNT, "default", paper_id, {"tags": ["x"]}, 100)
        else:
            lists_store.remove_item(client, ACCOUNT, "default", paper_id)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(churn, range(90)))

    items = {json.loads(raw)["paper_id"] for raw in redis.hvals(lists_store.list_key(ACCOUNT, "default", "items"))}
    order = {pid.decode() for pid in redis.zrange(lists_store.list_key(ACCOUNT, "default", "order"), 0, -1)}
    tagged = {pid.decode() for pid in redis.zrange(lists_store.tag_key(ACCOUNT, "default", "x"), 0, -1)}
    assert items == order == tagged
    for n in range(5):
        saved = lists_store.lists_holding_each(redis, ACCOUNT, [f"arxiv:2401.0000{n}"])[0]
        assert saved == (["default"] if f"arxiv:2401.0000{n}" in items else [])


def test_an_imported_saved_at_only_ever_moves_an_item_earlier_in_every_index(redis):
    paper_id, order = "arxiv:1706.03762", lists_store.list_key(ACCOUNT, "default", "order")
    first, _ = lists_store.save_item(redis, ACCOUNT, "default", paper_id, {"tags": ["a"]}, 100)
    lists_store.save_item(redis, ACCOUNT, "default", paper_id, {"saved_at": first["saved_at"] + 60}, 100)
    assert stored_item(redis, paper_id)["saved_at"] == first["saved_at"]

    item, created = lists_store.save_item(redis, ACCOUNT, "default", paper_id,
                                          {"saved_at": 1600000000.0, "tags": ["a", "b"]}, 100)
    assert not created and item["saved_at"] == 1600000000.0
    assert redis.zscore(order, paper_id) == 1600000000.0
    for tag in ("a", "b"):
        assert redis.zscore(lists_store.tag_key(ACCOUNT, "default", tag), paper_id) == 1600000000.0
    new, created = lists_store.save_item(redis, ACCOUNT, "default", "arxiv:2401.00001", {"saved_at": 1500000000.0}, 100)
    assert created and new["saved_at"] == redis.zscore(order, "arxiv:2401.00001") == 1500000000.0


def test_a_batch_saves_as_one_call_per_paper_would(redis):
    """save_items (an import) writes in one transaction what save_item would one paper at a time:
    a paper given twice is saved then updated, and past the cap new papers are refused."""
    changes = [("arxiv:2401.00001", {"tags": ["a", "b"]}), ("arxiv:2401.00002", {"tags": ["b"]}),
               ("arxiv:2401.00001", {"tags": ["c"], "saved_at": 1500000000.0}), ("arxiv:2401.00003", {})]
    saved = lists_store.save_items(redis, ACCOUNT, "default", changes, 2)
    assert [outcome and outcome[1] for outcome in saved] == [True, True, False, None]
    item = stored_item(redis, "arxiv:2401.00001")
    assert item == saved[2][0] and item["tags"] == ["c"] and item["saved_at"] == 1500000000.0

    def indexed(tag):
        return {pid.decode(): score for pid, score in redis.zrange(lists_store.tag_key(ACCOUNT, "default", tag),
                                                                   0, -1, withscores=True)}
    assert indexed("a") == {} and indexed("c") == {"arxiv:2401.00001": 1500000000.0}
    assert set(indexed("b")) == {"arxiv:2401.00002"}
    assert redis.zscore(lists_store.list_key(ACCOUNT, "default", "order"), "arxiv:2401.00001") == 1500000000.0
    assert lists_store.lists_holding_each(redis, ACCOUNT, ["arxiv:2401.00003"])[0] == []
    assert lists_store.revision(redis, ACCOUNT, "default") == 1
    assert lists_store.save_items(redis, ACCOUNT, "default", [("arxiv:2401.00002", {"read": True})], 2)[0][1] is False
