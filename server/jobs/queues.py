"""The RQ queues, and the order a worker serves them in."""

# A paper's two parts (papers/parts.py); recommendations share the related queue.
QUEUE_NAMES = {"summary": "summaries", "related": "related"}
# List imports and exports (lists/imports.py, lists/exports.py): a job may take a minute, so
# `run` gives them a worker of their own (the reader's worker never takes one).
LIST_QUEUE = "lists"
# The corpus harvest's pages and its vectors (corpus/bootstrap.py).
CORPUS_QUEUES = ("corpus", "corpus-embed")
# Every queue a worker serves, in the order it serves them: users' papers first, so that a
# harvest holds a user's paper up for one short job at most.
WORKER_QUEUES = (*QUEUE_NAMES.values(), LIST_QUEUE, *CORPUS_QUEUES)
# What a worker serving readers serves when another one takes the list jobs (`run`).
READER_QUEUES = tuple(name for name in WORKER_QUEUES if name != LIST_QUEUE)
