"""gunicorn's settings for Inovasi, read from the environment (docs/deployment.md).

Requests never do slow work (mail, documents and archives go to the task worker), so a short timeout is right: a
request that takes 30 s is a fault to see in the log, not a booklet to wait for.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers, two per core and one more: a page waits on PostgreSQL about as long as it computes.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count() + 1)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so slow growth of memory never builds up.
max_requests = 2000
max_requests_jitter = 200
# Only the reverse proxy on this host may say that a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
