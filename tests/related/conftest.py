"""Fixtures for the related-papers tests: the shared real Redis (tests/conftest.py), the real
MiniLM model (loaded once per session), and a small hand-written corpus."""
from __future__ import annotations

import pytest

from server.related import dense

PAPERS = [
    ("arxiv:2401.00001", "Graph neural networks for molecule property prediction",
     "We train message passing graph neural networks to predict molecular properties from atom graphs."),
    ("arxiv:2401.00002", "Message passing neural networks on molecular graphs",
     "Graph neural networks with message passing learn molecular property prediction on atom and bond graphs."),
    ("arxiv:2401.00003", "Chemical property regression with graph convolutions",
     "Graph convolutional networks regress chemical properties of molecules represented as graphs."),
    ("arxiv:2401.00004", "Speech recognition with transformer encoders",
     "A transformer encoder trained with CTC loss transcribes speech audio into text."),
    ("arxiv:2401.00005", "End-to-end automatic speech recognition",
     "We present an end-to-end speech recognition system that maps audio to characters with attention."),
    ("arxiv:2401.00006", "Reinforcement learning for robot grasping",
     "A robot arm learns grasping policies with deep reinforcement learning from camera images."),
    ("arxiv:2401.00007", "Sim-to-real transfer of robot manipulation policies",
     "Reinforcement learning policies for robotic manipulation trained in simulation transfer to real robots."),
    ("arxiv:2401.00008", "Image segmentation with diffusion models",
     "Denoising diffusion models produce semantic segmentation masks for natural images."),
    ("arxiv:2401.00009", "Text-to-image diffusion for segmentation",
     "Pretrained text-to-image diffusion models yield features for image segmentation."),
    ("arxiv:2401.00010", "Query optimization in relational databases",
     "A cost-based optimizer chooses join orders for SQL queries in a relational database."),
]


def sample_papers() -> list[dict]:
    return [{"paper_id": i, "title": t, "abstract": a, "url": f"https://arxiv.org/abs/{i[6:]}"}
            for i, t, a in PAPERS]


@pytest.fixture
def papers() -> list[dict]:
    return sample_papers()


@pytest.fixture
def related_redis_url(redis_server) -> str:
    """The session's real Redis (tests/conftest.py starts it on a free port)."""
    return redis_server.url


@pytest.fixture
def rredis(redis):
    """The shared fixture's client: a real Redis, emptied before each test."""
    return redis


@pytest.fixture(scope="session")
def model():
    """The real MiniLM, loaded once for the whole session."""
    return dense.load_model()
