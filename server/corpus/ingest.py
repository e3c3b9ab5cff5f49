"""Loading a paper file into the shared corpus, in batches, resumably.

After each batch the number of lines done is stored in Redis under the file's identity (path,
size and modification time), so a stopped ingest resumes where it stopped; a batch replayed
after a crash changes nothing, since a paper joins the corpus once.
"""
from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from server import related
from server.corpus import store as corpus
from server.corpus.records import open_lines, read_json_lines, to_paper

BATCH = 1000


def source_name(path: Path) -> str:
    stat = Path(path).stat()
    return f"{Path(path).resolve()}:{stat.st_size}:{int(stat.st_mtime)}"


def count_lines(path: Path) -> int:
    with open_lines(path) as lines:
        return sum(1 for _ in lines)


def ingest_file(redis, path: Path, batch_size: int = BATCH, restart: bool = False, progress: bool = True) -> dict:
    """Add every paper of the file; returns {"lines", "skipped_lines", "added"}."""
    progress_key = corpus.ingest_key(source_name(path))
    done = 0 if restart else int(redis.get(progress_key) or 0)
    total = count_lines(path)
    added, batch, last_line = 0, [], done
    with tqdm(total=total, initial=done, desc="ingest", unit="line", disable=not progress) as bar:
        for number, record in read_json_lines(path, skip=done):
            batch.append(to_paper(record, path, number))
            last_line = number
            if len(batch) == batch_size:
                added += _store(redis, batch, progress_key, last_line)
                bar.update(last_line - bar.n)
                batch = []
        added += _store(redis, batch, progress_key, total)
        bar.update(total - bar.n)
    return {"lines": total, "skipped_lines": done, "added": added}


def _store(redis, papers: list[dict], progress_key: str, line: int) -> int:
    added = related.add_to_corpus(redis, papers, embed=False) if papers else 0
    redis.set(progress_key, line)
    return added
