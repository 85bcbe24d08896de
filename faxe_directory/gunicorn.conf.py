"""gunicorn settings for `make serve-prod` and the systemd unit in docs/deploy.md.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS. Logs (the server's own
and one line per request) go to stdout as JSON, like Django's (faxe_directory/logs.py).
"""

import os

from gunicorn.glogging import Logger

from faxe_directory.logs import JsonFormatter

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: the pages are short database reads; two per core is the usual start (docs/scaling.md).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30
graceful_timeout = 20
# A worker that has served this many requests is replaced, which bounds slow memory growth (not
# so often that its kept pages and results are lost every few seconds at hundreds of requests a second).
max_requests = 10000
max_requests_jitter = 1000
# Load the app once in the master: workers share its memory pages and start faster.
preload_app = True
# No runtime control socket (gunicorn 25+ puts one in the home folder): systemd's ProtectHome
# forbids it, and reload/stop go through signals (docs/deploy.md).
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# nginx on the same host sets X-Forwarded-Proto; gunicorn trusts it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


class JsonLogger(Logger):
    """gunicorn's logger with its error and access lines written as JSON."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())


logger_class = JsonLogger
