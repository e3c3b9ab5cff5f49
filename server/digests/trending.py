"""What this server's readers opened and saved in the last day: counts of actions, never who.

Owns its keys (UTC hours and days), each expiring once out of the window:

    papergist:v1:trending:{YYYYMMDDHH}:{action}         zset  paper_id -> clients new that day
    papergist:v1:trending:{YYYYMMDD}:{action}:{paper}   HyperLogLog of the day's client hashes

A client (an address, or an account for a save) is counted once per paper, action and day, so
one client sending the same paper again and again moves nothing. What is added to the
HyperLogLog is an HMAC of the day and the client under the server's secret: the sketch keeps
no identity, cannot be asked whether a given client is in it without the secret, and a
client's hashes of two days do not match. The last day is the last WINDOW_HOURS hourly sets.
A paper shows once `trending_min_clients` clients acted on it (config.py says why).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from server.corpus import store as corpus
from server.digests.links import server_secret
from server.keys import PREFIX
from server.papers import store as paper_store

ACTIONS = ("opens", "saves")
WINDOW_HOURS = 24
TTL_SECONDS = 2 * WINDOW_HOURS * 3600  # a day's sketch is read until its last hour leaves the window


def _hour(at: dt.datetime) -> str:
    return at.strftime("%Y%m%d%H")


def counts_key(hour: str, action: str) -> str:
    return f"{PREFIX}:trending:{hour}:{action}"


def clients_key(day: str, action: str, paper_id: str) -> str:
    return f"{PREFIX}:trending:{day}:{action}:{paper_id}"


def count(redis, settings, action: str, paper_id: str, client: str, at: dt.datetime | None = None) -> None:
    """Count one open or save of a paper; one round trip."""
    at = at or dt.datetime.now(dt.timezone.utc)
    day = at.strftime("%Y%m%d")
    mark = hmac.new(server_secret(redis, settings).encode(), f"{day}|{client}".encode(), hashlib.sha256)
    key = clients_key(day, action, paper_id)
    # PFADD answers 1 when the sketch changed, that is (nearly always) for a client new to it;
    # the count follows in the same script, so that no two requests see the same answer.
    redis.eval(_COUNT_ONCE, 2, key, counts_key(_hour(at), action), mark.hexdigest()[:32], paper_id, TTL_SECONDS)


_COUNT_ONCE = """
if redis.call('PFADD', KEYS[1], ARGV[1]) == 1 then
    redis.call('ZINCRBY', KEYS[2], 1, ARGV[2])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
"""


def trending(redis, settings, limit: int = 10, now: dt.datetime | None = None) -> list[dict]:
    """The papers most opened and saved in the last WINDOW_HOURS, each {paper_id, title, url,
    opens, saves}: by opens plus saves, then saves, then id."""
    now = now or dt.datetime.now(dt.timezone.utc)
    hours = [_hour(now - dt.timedelta(hours=back)) for back in range(WINDOW_HOURS)]
    with redis.pipeline(transaction=False) as pipe:
        for action in ACTIONS:
            pipe.zunion([counts_key(hour, action) for hour in hours], withscores=True)
        opens, saves = ({paper.decode(): int(score) for paper, score in rows} for rows in pipe.execute())
    totals = {paper: opens.get(paper, 0) + saves.get(paper, 0) for paper in {*opens, *saves}}
    shown = sorted((paper for paper in totals
                    if max(opens.get(paper, 0), saves.get(paper, 0)) >= settings.trending_min_clients),
                   key=lambda paper: (-totals[paper], -saves.get(paper, 0), paper))[:limit]
    return [{**_describe(redis, paper), "opens": opens.get(paper, 0), "saves": saves.get(paper, 0)}
            for paper in shown]


def _describe(redis, paper_id: str) -> dict:
    paper = paper_store.get_paper(redis, paper_id) or (corpus.get_papers(redis, [paper_id])[0] or {})
    return {"paper_id": paper_id, "title": paper.get("title") or paper_id, "url": paper.get("url") or ""}
