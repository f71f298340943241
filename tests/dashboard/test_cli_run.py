"""`smartbrain demo` / `serve`: what `_run` does around the web server (the server itself is a stand-in)."""
from __future__ import annotations

import sys
import threading
from types import SimpleNamespace

from dashboard import cli


class _Enricher:
    def __init__(self) -> None:
        self.warmed = threading.Event()

    def warm(self) -> None:
        self.warmed.set()


def test_the_classifier_warms_up_in_the_background_while_the_server_runs(monkeypatch):
    monkeypatch.setattr(sys, "setswitchinterval", lambda _interval: None)  # the test process keeps its own
    monkeypatch.setattr(cli.signal, "signal", lambda *_args: None)
    enricher, seen_while_serving = _Enricher(), []

    def serve(*_args, **_kwargs) -> None:  # noqa: ANN002, ANN003
        seen_while_serving.append(enricher.warmed.wait(5))

    app = SimpleNamespace(runtime=SimpleNamespace(enricher=enricher), start=lambda lead: None, stop=lambda: None,
                          flask=None, socketio=SimpleNamespace(run=serve))
    assert cli._run(app, "127.0.0.1", 0, threading.Event()) == 0
    assert seen_while_serving == [True]
