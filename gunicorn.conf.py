"""gunicorn's configuration for the production run: `make serve`, bench/rest.py and .ci/smoke all start
`gunicorn --config gunicorn.conf.py` (README "Production"). Command-line options override these values.

    GUNICORN_BIND     address to listen on (127.0.0.1:8000); put a TLS-terminating proxy in front
    WEB_CONCURRENCY   worker processes (gunicorn's own variable); default (2 x cores) + 1
"""

import multiprocessing
import os

wsgi_app = "backoffice.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: each request holds one worker, its database connection and its row locks, and nothing in the app
# awaits. gunicorn's advice for the count is (2 x cores) + 1: a worker waiting on the database leaves its core to
# another.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
# A request still running after 30 s is killed (its transaction rolls back); lists are paged (at most
# MAGENTO_MAX_PAGE_SIZE rows), so no honest request comes near it. A streamed answer (a grid's Export CSV, the
# stock index dump) has 30 s per part instead: pre_request below hands the worker's notify to
# backoffice.heartbeat, which the stream calls before each part. On SIGTERM workers finish their requests for up
# to 30 s.
timeout = 30
graceful_timeout = 30


def pre_request(worker, req) -> None:  # noqa: ANN001 (gunicorn's hook signature)
    from backoffice import heartbeat

    worker.log.debug("%s %s", req.method, req.path)  # gunicorn's own pre_request
    heartbeat.serving(worker.notify)


def post_request(worker, req, environ, resp) -> None:  # noqa: ANN001
    from backoffice import heartbeat

    heartbeat.serving(None)

# Persistent database connections: one per worker, kept 10 minutes (settings.DATABASES reads it, with Django's
# CONN_HEALTH_CHECKS: a connection the database dropped is replaced before it is used).
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "600")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
