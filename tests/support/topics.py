"""A small two-topic corpus (transformers for language, cell biology) for ranking tests."""
from server import related

NLP = [
    ("arxiv:1706.03762", "Attention is all you need",
     "The Transformer, a sequence transduction model based solely on attention mechanisms, for machine translation."),
    ("arxiv:1810.04805", "BERT: pre-training of deep bidirectional transformers for language understanding",
     "Bidirectional transformer encoder pre-training with masked language modeling for language understanding."),
    ("arxiv:2005.14165", "Language models are few-shot learners",
     "Scaling up transformer language models improves few-shot learning on language tasks and translation."),
    ("arxiv:1910.10683", "Exploring the limits of transfer learning with a unified text-to-text transformer",
     "A text-to-text transformer for transfer learning across language understanding and translation tasks."),
    ("arxiv:1909.11942", "ALBERT: a lite BERT for self-supervised learning of language representations",
     "Parameter reduction for BERT transformer pre-training on language representations."),
    ("arxiv:2002.05709", "Speech recognition with attention transformers and language models",
     "Transformer attention models for speech recognition with external language models."),
]
BIO = [
    ("doi:10.1101/2024.01.01.000001", "Mitochondrial dynamics in neuronal cells",
     "Mitochondria fission and fusion regulate neuronal cell survival and synaptic function."),
    ("doi:10.1101/2024.01.01.000002", "Cell cycle regulation by cyclin dependent kinases",
     "Cyclin dependent kinases control cell cycle progression and cell division in yeast cells."),
    ("doi:10.1101/2024.01.01.000003", "Single cell sequencing of mitochondrial mutations",
     "Single cell RNA sequencing reveals mitochondrial mutations in neuronal cell populations."),
]


def papers(rows):
    return [{"paper_id": pid, "title": title, "abstract": abstract, "url": f"https://example.org/{pid}"}
            for pid, title, abstract in rows]


def load_corpus(redis) -> None:
    related.add_to_corpus(redis, papers(NLP + BIO))
