"""Celery workers for the broker tests: real processes (``celery -A backoffice.celery worker --pool solo``) on the
test database, consuming a queue of their own (a per-test suffix), so that concurrent runs never share messages."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER


def broker_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), timeout=1):
            return True
    except OSError:
        return False


requires_broker = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="workers share the database: PostgreSQL"),
    pytest.mark.skipif(not broker_answers(broker_url()), reason="no RabbitMQ (CELERY_BROKER_URL) answers"),
]


def database_url() -> str:
    """The test database, as the workers reach it."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Workers:
    """Start and stop worker processes on one private queue."""

    def __init__(self) -> None:
        self.queue = f"async.operations.all.test-{uuid.uuid4().hex[:12]}"
        self.processes: list[subprocess.Popen] = []

    def env(self) -> dict[str, str]:
        return os.environ | {
            "DJANGO_MODE": "test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "DJANGO_CONN_MAX_AGE": "600",  # as in production: one connection per worker, not one per operation
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
        }

    def start(self, count: int = 1) -> list[subprocess.Popen]:
        started = []
        for _ in range(count):
            name = f"w{len(self.processes)}-{self.queue[-12:]}@%h"
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "backoffice.celery",
                    "worker",
                    "--pool",
                    "solo",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel",
                    "WARNING",
                    "-Q",
                    self.queue,
                    "-n",
                    name,
                ],
                cwd=ROOT,
                env=self.env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.processes.append(process)
            started.append(process)
        return started

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        from kombu import Connection

        try:
            with Connection(broker_url(), connect_timeout=2) as conn:
                conn.default_channel.queue_delete(self.queue)
        except Exception:  # the queue may not exist, or the broker went away: nothing to clean
            pass


def wait_until(condition: Callable[[], bool], timeout: float = 120, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()
