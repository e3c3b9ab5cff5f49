"""`python -m server harvest`: add new arXiv papers to the corpus from arXiv's OAI-PMH."""
from __future__ import annotations

import argparse
import datetime as dt

from tqdm import tqdm

from server import related
from server.config import load_settings
from server.redis_connection import connect
from server.corpus import store as corpus
from server.corpus.harvest import HarvestError, harvest

BATCH = 200


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="date_from", type=_date, required=True, help="YYYY-MM-DD")
    parser.add_argument("--until", dest="date_until", type=_date, default=None, help="YYYY-MM-DD")
    # The defaults are the daily harvest's (PAPERGIST_HARVEST_SET, PAPERGIST_HARVEST_CATEGORIES),
    # so that a hand-run harvest fills the same corpus the service keeps.
    parser.add_argument("--set", dest="set_spec", default=None, help="OAI set (default: PAPERGIST_HARVEST_SET, cs)")
    parser.add_argument("--categories", default=None,
                        help="comma-separated arXiv categories to keep, '' for all "
                             "(default: PAPERGIST_HARVEST_CATEGORIES, all)")


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-07-01") from None


def main(args) -> int:
    settings = load_settings()
    redis = connect(settings)
    set_spec = args.set_spec or settings.harvest_set
    wanted = settings.harvest_categories if args.categories is None else args.categories.split(",")
    categories = {c.strip() for c in wanted if c.strip()}
    seen = added = 0
    batch: list[dict] = []
    try:
        with tqdm(desc="harvest", unit="paper") as bar:
            for paper in harvest(settings, args.date_from, args.date_until, set_spec, categories):
                batch.append(paper)
                if len(batch) == BATCH:
                    added += related.add_to_corpus(redis, batch, embed=False)
                    seen, batch = seen + len(batch), []
                bar.update(1)
            added += related.add_to_corpus(redis, batch, embed=False)
            seen += len(batch)
    except HarvestError as error:
        added += related.add_to_corpus(redis, batch, embed=False)
        print(f"error: {error} (kept {added} new papers harvested before it)")
        return 2
    print(f"{seen} papers harvested, {added} new; corpus: {corpus.size(redis)} papers")
    return 0
