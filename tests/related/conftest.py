"""Fixtures for the related-papers tests: a real Redis on a free port (flushed per test), the
real MiniLM model (loaded once per session), and a small hand-written corpus."""
from __future__ import annotations

import socket
import subprocess
import time

import pytest
from redis import Redis

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def related_redis_url(tmp_path_factory):
    port = _free_port()
    directory = tmp_path_factory.mktemp("related-redis")
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except Exception:
            if time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def rredis(related_redis_url):
    client = Redis.from_url(related_redis_url)
    client.flushdb()
    return client


@pytest.fixture(scope="session")
def model():
    """The real MiniLM, loaded once for the whole session."""
    return dense.load_model()
