import pytest

from tests.e2e.browser import browser  # noqa: F401
from tests.e2e.server import start_server


@pytest.fixture
def server(tmp_path):  # noqa: ANN001, ANN201
    """The real app in a process of its own on a free port, embedded (SQLite); a module may define its own."""
    running = start_server(tmp_path)
    yield running
    running.stop()
