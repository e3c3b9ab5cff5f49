"""Every setting of the service, read once from the environment.

The platform's conventional variables (PORT, REDIS_URL, DATA_DIR) and the product's own
PAPERGIST_* variables are laid over the defaults below. The web app and the workers call the
same load_settings(), so a worker never needs Flask to know how it is configured.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    # Where the service listens (python -m server run / web).
    port: int = 8000
    host: str = "127.0.0.1"
    # gunicorn processes and threads per process for `web`. One thread means gunicorn's sync
    # worker: on 2 cores, 4 such processes kept the cached-paper p99 at 17-19 ms under wrk,
    # where 2 x 4 threads (gthread) gave 28-46 ms and, now and then, one process taking every
    # connection (docs/benchmarks.md). Sync workers want a buffering proxy in front in production.
    web_workers: int = 4
    web_threads: int = 1
    # gunicorn kills a request's process after this long. No request does long work any more
    # (list imports and large exports are jobs: lists/imports.py, lists/exports.py); this only
    # bounds a client that sends its body very slowly (sync workers want a buffering proxy).
    web_timeout_seconds: int = 120
    # Empty means "start a private Redis under DATA_DIR" (python -m server run only).
    redis_url: str = ""
    # Embedded Redis data, the append-only file and on-disk indexes live here.
    data_dir: Path = Path("var")
    # The embedded Redis's fsync policy: "always" loses no acknowledged save even if the
    # machine crashes; "everysec" may lose the last second (see embedded_redis.py).
    redis_appendfsync: str = "always"
    # Results: summaries barely change; related lists go stale as the corpus grows.
    summary_ttl_seconds: int = 30 * 24 * 3600
    related_ttl_seconds: int = 24 * 3600
    # A complete document is kept rendered for the popup's polls; any change drops it sooner.
    document_cache_ttl_seconds: int = 3600
    # ...and each web process also keeps it in memory this long, so a paper many readers poll
    # costs no Redis read at all (0 turns this off). A change shows after at most this long.
    document_memory_seconds: float = 2.0
    # Papers are kept for as long as anyone may ask for them again.
    paper_ttl_seconds: int = 365 * 24 * 3600
    # A job that runs past this is killed by RQ and shown as failed.
    job_timeout_seconds: int = 60
    # A failed job (an upstream timing out) is tried again after each of these pauses.
    job_retry_seconds: tuple[int, ...] = (1, 5)
    # A worker reports every this many seconds, idle or busy; silent for three times that, it
    # is taken for dead: /readyz stops counting it, and its job is queued again on the next ask.
    worker_heartbeat_seconds: int = 10
    # How often a worker sweeps RQ's registries (RQ itself retries abandoned jobs there).
    worker_maintenance_seconds: int = 60
    # How long a "failed" part is kept before the next ask queues it again.
    failure_ttl_seconds: int = 60
    # Outbound metadata look-ups (arXiv API): only these hosts, never a client's address.
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    # The registries whose record replaces what clients send for a DOI (Crossref, then DataCite
    # when Crossref has no such DOI), a PMID (NCBI E-utilities' efetch) or an OpenReview forum;
    # papers/metadata.py.
    crossref_api_url: str = "https://api.crossref.org/works"
    datacite_api_url: str = "https://api.datacite.org/dois"
    pubmed_efetch_url: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
    # An OpenReview forum's submission: API 2, then API 1 for venues from before 2023.
    openreview_api_url: str = "https://api2.openreview.net/notes"
    openreview_v1_api_url: str = "https://api.openreview.net/notes"
    # A registry that said "no such paper" is asked again after this long (a new DOI can take a
    # day to appear); one that failed is asked again after failure_ttl_seconds.
    registry_recheck_seconds: int = 24 * 3600
    upstream_timeout_seconds: float = 5.0
    # Largest request body the API reads, in bytes.
    max_request_bytes: int = 256 * 1024
    # Extra CORS origins beyond the extension's own (comma-separated in the environment).
    cors_origins: tuple[str, ...] = ()
    # How many related papers a paper gets.
    related_limit: int = 10
    # Optional OpenAI-compatible chat-completions server for summaries (empty = off).
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(default="", repr=False)
    llm_timeout_seconds: float = 20.0
    # Related papers: exact dense search up to this many vectors, faiss HNSW beyond
    # (related/vectors.py EXACT_LIMIT says why 50,000).
    related_exact_limit: int = 50_000
    # Optional Semantic Scholar recommendations merged with local results (empty = off),
    # e.g. https://api.semanticscholar.org; the key is sent as x-api-key when set.
    semantic_scholar_url: str = ""
    semantic_scholar_api_key: str = field(default="", repr=False)
    # Past this the local list is returned alone (an outage must not hold the job up).
    semantic_scholar_timeout_seconds: float = 2.0
    # arXiv OAI-PMH endpoint for `python -m server harvest`, and the pause between its
    # requests (arXiv asks robots for one request every 3 seconds). Workers also ask it for a
    # single record when the arXiv API fails (metadata.py), within upstream_timeout_seconds.
    arxiv_oai_url: str = "https://oaipmh.arxiv.org/oai"
    harvest_delay_seconds: float = 3.0
    # The corpus related papers come from fills itself (corpus/bootstrap.py): on first run, when it
    # holds fewer than a page of papers, the workers harvest the last `corpus_bootstrap_days`
    # days of the OAI-PMH set `harvest_set` (0: no bootstrap), then `python -m server cron`
    # checks every `harvest_check_seconds` and harvests at most once a day, from the last
    # harvested date. Checked hourly rather than at a fixed time of day, so that a laptop that
    # sleeps at night still harvests the day it runs. `harvest_categories` keeps only records
    # with one of them (empty: the whole set). `harvest = off` stops both, for offline use: the
    # corpus is then only what is submitted, ingested or harvested by hand.
    harvest: str = "on"
    harvest_set: str = "cs"
    harvest_categories: tuple[str, ...] = ()
    corpus_bootstrap_days: int = 30
    harvest_check_seconds: int = 3600
    # Where the limiter counts; empty means the main Redis. `server run` gives the counters a
    # Redis of their own without persistence (a counter bump per request needs no fsync).
    rate_limit_redis_url: str = ""
    # Requests per client address, and per account token, in flask-limiter's notation.
    rate_limit: str = "120/minute"
    token_rate_limit: str = "600/minute"
    # New accounts per address: creating tokens is free, so it is the cheapest thing to abuse.
    account_rate_limit: str = "20/hour"
    # Papers a listing page may submit per address (POST /api/v1/papers/batch), counted per paper:
    # the batch itself is one request against rate_limit, as the one click that sent it, but each
    # of its papers may queue work. Six full 100-paper pages a minute; 30 an hour.
    batch_paper_rate_limit: str = "600/minute;3000/hour"
    # A batch's body may be this many bytes per paper (1.6 MiB for 100): a paper with a 5,000
    # character abstract (the extension's cap) and 50 authors takes about 7 KiB.
    batch_bytes_per_paper: int = 16 * 1024
    # Proxies in front of the web process that set X-Forwarded-For (0: clients connect directly).
    trusted_proxies: int = 0
    # A personal list holds at most this many papers; an import reads at most this many entries.
    list_max_items: int = 10000
    # An import's body may be list_max_items times this (max_import_bytes, 78 MiB by default), so
    # that the export of a full list imports back; every other route keeps max_request_bytes.
    # It bounds the average entry: real arXiv papers with abstract, authors, tags and a note take
    # 2.1 KiB each as a JSON import (`python -m server bench import`), the largest about 9 KiB.
    import_bytes_per_entry: int = 8 * 1024
    # List imports and exports run as jobs on the `lists` queue (lists/imports.py,
    # lists/exports.py). A job may run this long: a BibTeX import of 10,000 LaTeX-heavy entries
    # takes about a minute to read on a busy 2-core machine, far past job_timeout_seconds.
    list_job_timeout_seconds: int = 900
    # An upload waits for its worker this long (then the import fails saying so), and a finished
    # export's file can be fetched this long; an import's or export's record is kept a day.
    transfer_ttl_seconds: int = 3600
    # A list of up to this many papers is exported within the request; a larger one by a job
    # (GET …/export answers 202 with it). BibTeX is the slowest to write, about 2 ms a paper on
    # a busy 2-core machine (2,000 real papers: 4 s; JSON 0.3 s), so 200 take well under a second.
    export_direct_max_items: int = 200
    # Recommendations: how many of a list's latest papers seed them, how many come back, and
    # how long a computed set is kept (it is recomputed sooner whenever the list changes).
    recommend_seed_papers: int = 25
    recommend_limit: int = 20
    recommend_ttl_seconds: int = 7 * 24 * 3600
    # Daily digests (server/digests/): how many of the day's new papers a list's digest holds.
    digest_size: int = 10
    # Where this server is reached from outside, for the links in digests (feed entries and
    # emails are read away from any request); empty: http://{host}:{port}.
    public_url: str = ""
    # Signs the links in digest emails ("save", "not relevant", unsubscribe) and keys the hash
    # that counts trending papers per client. Empty: one is generated and kept in Redis, which
    # every web process and worker shares and which survives restarts (DATA_DIR would not reach
    # the workers of another machine). Changing it voids every link already sent.
    secret_key: str = field(default="", repr=False)
    # Digest emails go out only when smtp_host is set; through smtplib, STARTTLS unless
    # smtp_starttls is off (a relay on localhost), logging in when smtp_user is set.
    # smtp_ca_file: a CA bundle to trust besides the system's (a private relay's own CA).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    smtp_starttls: str = "on"
    smtp_ca_file: str = ""
    smtp_timeout_seconds: float = 20.0
    # A paper is trending once at least this many different clients opened or saved it in the
    # last day: one reader alone can neither push a paper onto everyone's list nor have their
    # own reading shown to others on a small server.
    trending_min_clients: int = 2

    @property
    def harvest_on(self) -> bool:
        return self.harvest == "on"

    @property
    def smtp_on(self) -> bool:
        return bool(self.smtp_host)

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def max_import_bytes(self) -> int:
        """The largest list import body read, in bytes (never less than max_request_bytes)."""
        return max(self.max_request_bytes, self.list_max_items * self.import_bytes_per_entry)

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)


# Environment variable -> Settings field. PAPERGIST_<FIELD> works for every field too.
_CONVENTIONAL = {"PORT": "port", "REDIS_URL": "redis_url", "DATA_DIR": "data_dir"}
# Fields that take one of a few words: anything else is a typo that would silently mean "on".
_CHOICES = {"harvest": ("on", "off"), "smtp_starttls": ("on", "off")}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    values = {}
    for f in dataclasses.fields(Settings):
        names = [f"PAPERGIST_{f.name.upper()}"]
        names += [env for env, name in _CONVENTIONAL.items() if name == f.name]
        for name in names:
            if environ.get(name, "") != "":
                values[f.name] = _parse(f, environ[name], name)
    return Settings(**values)


def _parse(f: dataclasses.Field, raw: str, name: str):
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw)
        if kind.startswith("tuple"):
            items = tuple(part.strip() for part in raw.split(",") if part.strip())
            return tuple(int(item) for item in items) if "int" in kind else items
        if f.name in _CHOICES and raw not in _CHOICES[f.name]:
            raise SystemExit(f"{name}={raw!r}: use one of {', '.join(_CHOICES[f.name])}")
        return raw
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a valid {kind}") from None
