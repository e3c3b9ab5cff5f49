"""A representation change tried on the ACL citations (issue 16), kept as a reproducible attempt:
a residual linear map on frozen MiniLM vectors, v -> unit(v + v @ delta), delta low-rank
(down @ up, up starting at zero, so training starts from MiniLM itself) or a full matrix,
trained with an InfoNCE loss: each citing paper against its linked papers, the other pairs'
papers in the batch, and hard negatives mined from the untrained engine's own ranking (its best
papers that the citing paper is not linked to).

Only the training citing papers' links are used, and none that touches a held-out or a
validation citing paper. The step count is chosen on the validation share of the training
citing papers (ACL), never on CiteSeer. Nothing here ships: `train related --try-adapter`
prints the held-out figures (docs/benchmarks.md, "What was tried"), and no map so far has
beaten the engine on ACL test or held cite_dev.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

VALIDATION_SHARE = 0.15


@dataclass(frozen=True)
class AdapterConfig:
    rank: int = 32                               # 0: a full 384 x 384 delta
    negatives: tuple[int, int] | None = (0, 20)  # ranks of the engine's unlinked papers to draw from
    per_pair: int = 4                            # hard negatives drawn per pair
    decay: float = 0.0                           # L2 on delta (pulls the map toward the identity)
    steps: int = 1500
    batch: int = 64
    temperature: float = 0.05
    every: int = 250                             # validation every this many steps

    def name(self) -> str:
        negatives = "in-batch only" if self.negatives is None else f"hard negatives ranks {self.negatives[0]}-{self.negatives[1]}"
        return f"rank {self.rank or 'full'}, {negatives}, decay {self.decay:g}"


CONFIGS = (AdapterConfig(negatives=None), AdapterConfig(), AdapterConfig(negatives=(10, 50)),
           AdapterConfig(decay=1.0), AdapterConfig(rank=0, decay=1.0))


def split_validation(train: list[str], seed: int = 0) -> tuple[list[str], list[str]]:
    """(fitted, validation) citing papers out of the training ones."""
    shuffled = sorted(train)
    random.Random(seed).shuffle(shuffled)
    cut = int(VALIDATION_SHARE * len(shuffled))
    return sorted(shuffled[cut:]), sorted(shuffled[:cut])


# Shares of the dense cosine the mapped vectors are read off at besides all of it:
# (1 - b) * MiniLM cosine + b * mapped cosine, chosen between on ACL validation.
SHARES = (0.25, 0.5, 1.0)


def blend(vectors: np.ndarray, mapped: np.ndarray, share: float) -> np.ndarray:
    """Vectors whose dot products are (1 - share) * the first cosines + share * the mapped ones."""
    if share == 1.0:
        return mapped
    return np.hstack([np.sqrt(1.0 - share) * vectors, np.sqrt(share) * mapped]).astype(np.float32)


def apply(delta: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    mapped = vectors + vectors @ delta
    return (mapped / np.maximum(np.linalg.norm(mapped, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def train(config: AdapterConfig, vectors: np.ndarray, ids: list[str], links: dict[str, set[str]],
          fitted: list[str], held: set[str], ranked: dict[str, list[str]], validate, seed: int = 0):
    """(delta, best step, its validation MAP): `validate(delta)` scores a map on the validation
    citing papers; the best of every `config.every` steps is kept."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    rng = random.Random(seed)
    row = {paper_id: k for k, paper_id in enumerate(ids)}
    pairs = sorted({(q, p) for q in fitted for p in links[q] if p not in held})
    dim = vectors.shape[1]
    if config.rank:
        down = torch.nn.Parameter(torch.randn(dim, config.rank) * 0.02)
        up = torch.nn.Parameter(torch.zeros(config.rank, dim))
        parameters, delta = [down, up], lambda: down @ up
    else:
        full = torch.nn.Parameter(torch.zeros(dim, dim))
        parameters, delta = [full], lambda: full
    optimiser = torch.optim.AdamW(parameters, lr=1e-3, weight_decay=0.0)
    x = torch.tensor(vectors)
    best = (-np.inf, 0, np.zeros((dim, dim), dtype=np.float32))
    for step in range(1, config.steps + 1):
        batch = [pairs[rng.randrange(len(pairs))] for _ in range(config.batch)]
        candidates = [row[p] for _, p in batch]
        if config.negatives:
            low, high = config.negatives
            for q, _ in batch:
                drawn = ranked[q][low:high]
                candidates += [row[n] for n in rng.sample(drawn, min(config.per_pair, len(drawn)))]
        mapped = F.normalize(x + x @ delta(), dim=-1)
        logits = mapped[[row[q] for q, _ in batch]] @ mapped[candidates].T / config.temperature
        # another pair's paper (or a drawn negative) may be linked to this citing paper too: not a negative
        linked = torch.tensor([[j != i and ids[c] in links[q] for j, c in enumerate(candidates)]
                               for i, (q, _) in enumerate(batch)])
        logits = logits.masked_fill(linked, -1e4)
        loss = F.cross_entropy(logits, torch.arange(config.batch)) + config.decay * (delta() ** 2).sum()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % config.every == 0:
            current = delta().detach().numpy().astype(np.float32)
            score = validate(current)
            if score > best[0]:
                best = (score, step, current)
    return best[2], best[1], best[0]


def mine(engine, data, fitted: list[str], depth: int = 60) -> dict[str, list[str]]:
    """Each fitted citing paper's hard negatives: the untrained engine's best unlinked papers."""
    by_id = {p["paper_id"]: p for p in data.papers}
    return {q: [i for i, _ in engine.related(by_id[q], limit=depth) if i not in data.links[q]] for q in fitted}
