"""Every `python -m server` command: its words, its module under server/commands/ (service/, corpus/
or offline/), and its help line.

A command's module is imported only when that command runs (server/cli.py), so one command's
imports can never break another: a benchmark may need a dev-only package, `run` must not.
Each module defines add_arguments(parser) and main(args) -> int | None.
"""

# The processes of the service (README "Deploying beyond one machine").
SERVICE = {
    "run": ("service.run", "run the whole service: embedded Redis (without REDIS_URL), web and a worker"),
    "web": ("service.web", "serve the HTTP API with gunicorn (needs REDIS_URL, or a `run` on the same DATA_DIR)"),
    "worker": ("service.worker", "run an RQ worker for the summary and related-paper queues, then the corpus "
                         "harvest's (needs REDIS_URL, or a `run` on the same DATA_DIR)"),
    "cron": ("service.cron", "RQ's cron scheduler: checks the corpus every PAPERGIST_HARVEST_CHECK_SECONDS, so workers "
                     "bootstrap it and harvest arXiv once a day (needs REDIS_URL, or a `run` on the same DATA_DIR)"),
}

# Filling the corpus that related papers come from, next to a running service.
CORPUS = {
    "ingest": ("corpus.ingest", "Load papers (JSON lines, gzip or not: id, title, abstract, ...) into the corpus; "
                         "resumable and idempotent. Run `embed` afterwards to add dense vectors."),
    "embed": ("corpus.embed", "Embed corpus papers without a dense vector (MiniLM, ~23 abstracts/s on 2 cores); "
                       "stop any time, run again to resume. Until then papers rank by their lexical score."),
    "harvest": ("corpus.harvest", "Harvest arXiv papers by category and date from OAI-PMH (PAPERGIST_ARXIV_OAI_URL), "
                           "one polite request at a time, into the corpus. Run `embed` afterwards."),
}

# Offline tools: the engines over files, their evaluations, training and benchmarks.
OFFLINE = {
    "summarize-file": ("offline.summarize_file", "summarize a JSONL file of papers ({id, title, abstract} per line) "
                                         "into a JSONL file"),
    "related-file": ("offline.related_file", 'Rank related papers from files. Corpus lines: {"id","title","abstract"} '
                                     'or {"id","text"}; query lines: {"id"} or {"id","candidates":[ids]}; '
                                     'output lines: {"id","ranked":[ids]}.'),
    "eval summaries": ("offline.eval_summaries", "score the summary engine's TL;DRs with ROUGE-1/2/L on SciTLDR "
                                         "(e.g. dev.jsonl)"),
    "label-sentences": ("offline.label_sentences", 'Label each abstract sentence with its CSAbstruct role. Input '
                                                   'lines: {"id","sentences":[...]}; output lines: {"id","labels":[...]}.'),
    "eval key-points": ("offline.eval_key_points", "score the sentence-role model behind key points on CSAbstruct "
                                                   "(accuracy, per-label F1; e.g. dev.jsonl)"),
    "eval related": ("offline.eval_related", "Rank each query's candidates and print MAP, nDCG and the time taken."),
    "train summaries": ("offline.train_summaries", "learn the TL;DR ranker from SciTLDR train and write "
                                           "server/summaries/ranker.json"),
    "train keywords": ("offline.train_keywords", "learn the noun-phrase table behind keywords from paper titles "
                                                 "(e.g. the arXiv corpus) and write server/summaries/phrases.json"),
    "train key-points": ("offline.train_key_points", "learn the sentence-role model from CSAbstruct train and write "
                                                     "server/summaries/roles.json"),
    "train related": ("offline.train_related", "learn the related engine's relevance bands (and try a learned ranking "
                                       "fusion, kept only if it beats the engine on held-out papers) from ACL "
                                       "citation links (--data ../shared/data/citations/acl/); writes "
                                       "server/related/fusion.json and prints the held-out figures"),
    "bench related": ("offline.bench_related", "Time related papers for new papers (embed, search, explain) over the "
                                       "arXiv corpus with synthetic corpus vectors, and HNSW search/recall at "
                                       "a million papers."),
    "bench service": ("offline.bench_service", "benchmark cached reads, the cold path, throughput and memory on a fresh "
                                       "local stack (needs the dev requirements and wrk)"),
    "bench listing": ("offline.bench_listing", "time a listing page of real arXiv papers (POST /papers/batch, polled "
                                               "as the popup polls): to every TL;DR and every paper done, cold and "
                                               "cached, on a fresh local stack with one worker"),
    "bench import": ("offline.bench_import", "time importing back the export of a full list, and its memory"),
    "bench fsync": ("offline.bench_fsync", "time list saves with the embedded Redis's appendfsync always vs everysec"),
    "bench bootstrap": ("offline.bench_bootstrap", "time a first run's corpus bootstrap (30 days of cs) against a local "
                                           "replay of arXiv's OAI-PMH built from real records: to lexical "
                                           "search and to complete vectors"),
}

COMMANDS = {**SERVICE, **CORPUS, **OFFLINE}
