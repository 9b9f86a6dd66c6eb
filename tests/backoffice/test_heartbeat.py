"""backoffice/heartbeat.py and its wiring in gunicorn.conf.py: a streamed answer tells gunicorn its worker is alive
(the whole run under gunicorn: tests/reliability/test_long_exports.py)."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

from backoffice import admin_grids, heartbeat
from tests.factories import make_order

ROOT = Path(__file__).resolve().parents[2]


def test_beat_calls_the_serving_workers_notify_and_nothing_outside_gunicorn():
    beats = []
    heartbeat.beat()  # no worker: nothing
    heartbeat.serving(lambda: beats.append("beat"))
    heartbeat.beat()
    heartbeat.beat()
    heartbeat.serving(None)
    heartbeat.beat()

    assert beats == ["beat", "beat"]


def test_gunicorn_conf_hands_each_request_its_workers_notify_and_takes_it_back():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    beats, logged = [], []
    worker = SimpleNamespace(notify=lambda: beats.append("notify"), log=SimpleNamespace(debug=lambda *a: logged.append(a)))
    request = SimpleNamespace(method="GET", path="/admin/sales/order/export-csv/")

    config["pre_request"](worker, request)
    heartbeat.beat()
    config["post_request"](worker, request, {}, None)
    heartbeat.beat()

    assert beats == ["notify"]
    assert logged == [("%s %s", "GET", "/admin/sales/order/export-csv/")]  # gunicorn's own pre_request kept


@pytest.mark.django_db
def test_a_grids_csv_beats_before_each_batch(admin_client, monkeypatch):
    monkeypatch.setattr(admin_grids, "CSV_BATCH_SIZE", 2)
    for _ in range(5):
        make_order()
    parts: list[bytes] = []
    beats = []
    heartbeat.serving(lambda: beats.append(len(parts)))
    try:
        parts.extend(admin_client.get(reverse("admin:sales_order_export_csv")).streaming_content)
    finally:
        heartbeat.serving(None)

    assert len(parts) == 4  # the header, then 2, 2 and 1 orders
    assert beats == [1, 2, 3]  # as each batch is made, before it is sent
