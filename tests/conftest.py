import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def gazetteer():
    from itinerary.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_route():
    import itinerary

    return itinerary.route([SEEDS])


def pytest_configure(config):
    # Tests share one index per machine; a private cache keeps them away from the user's.
    os.environ.setdefault("ITINERARY_CACHE", str(ROOT / ".pytest_cache" / "itinerary-index"))


@pytest.fixture
def builds(monkeypatch):
    """Count gazetteer index builds (and forget the in-process memo before and after)."""
    from itinerary import gazetteer as gz

    calls = []
    real = gz.build_index

    def counting(*a, **kw):
        calls.append(a[0])
        return real(*a, **kw)

    monkeypatch.setattr(gz, "build_index", counting)
    gz._open.cache_clear()
    yield calls
    gz._open.cache_clear()
