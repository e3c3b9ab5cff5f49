"""The RQ queues, and the order a worker serves them in."""

# A paper's two parts (papers/parts.py); recommendations share the related queue.
QUEUE_NAMES = {"summary": "summaries", "related": "related"}
# The same parts for the papers of a listing page (POST /api/v1/papers/batch): served after any
# single paper, so that one reader's page of 100 papers never holds up another reader's paper.
# Within a listing the order is the page's (and a paper the reader opens moves to the front).
LISTING_QUEUE_NAMES = {"summary": "listing-summaries", "related": "listing-related"}
# The corpus harvest's pages and its vectors (corpus/bootstrap.py).
CORPUS_QUEUES = ("corpus", "corpus-embed")
# Each subscribed list's daily digest (digests/jobs.py): a few seconds a list.
DIGEST_QUEUE = "digests"
# List imports and exports (lists/imports.py, lists/exports.py): a job may take minutes, so
# `run` gives them a worker of their own (the reader's worker never takes one).
LIST_QUEUE = "lists"
# Every queue a worker serves, in the order it serves them: users' papers first (a paper on its
# own, then a listing's: every summary before any related list, so TL;DRs fill a listing
# first), so that a harvest or a digest holds a user's paper up for one short job at most.
WORKER_QUEUES = (*QUEUE_NAMES.values(), *LISTING_QUEUE_NAMES.values(), DIGEST_QUEUE, LIST_QUEUE, *CORPUS_QUEUES)
# What a worker serving readers serves when another one takes the list jobs (`run`).
READER_QUEUES = tuple(name for name in WORKER_QUEUES if name != LIST_QUEUE)
