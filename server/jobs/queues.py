"""The RQ queues, and the order a worker serves them in."""

# A paper's two parts (papers/parts.py); recommendations share the related queue.
QUEUE_NAMES = {"summary": "summaries", "related": "related"}
# The corpus harvest's pages and its vectors (corpus/bootstrap.py).
CORPUS_QUEUES = ("corpus", "corpus-embed")
# Each subscribed list's daily digest (digests/jobs.py): a few seconds a list.
DIGEST_QUEUE = "digests"
# Every queue a worker serves, in the order it serves them: users' papers first, so that a
# harvest or a digest holds a user's paper up for one short job at most.
WORKER_QUEUES = (*QUEUE_NAMES.values(), DIGEST_QUEUE, *CORPUS_QUEUES)
