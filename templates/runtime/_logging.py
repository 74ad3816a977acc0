# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""Request logging: stdlib `logging` under this package's name, silent unless asked.

Set the environment variable `ENV_VAR` (the package's name in capitals, then `_LOG`) to `info`
(one line per request: method, URL, status, elapsed time, retries) or `debug` (also each retry and
token fetch) to print to standard error; or configure the `LOGGER_NAME` logger (the package's
name) yourself. Headers are never logged, so neither is the Authorization header; URLs carry no
credentials.
"""

from __future__ import annotations

import logging
import os

LOGGER_NAME = __name__.rpartition(".")[0]
"""The package's import name, as `logging.getLogger(__name__)` would give for its `__init__`."""
ENV_VAR = f"{LOGGER_NAME.rpartition('.')[2].upper()}_LOG"

logger = logging.getLogger(LOGGER_NAME)
logger.addHandler(logging.NullHandler())
_configured = False


def configure_from_environment() -> None:
    """Attach a stderr handler once if `ENV_VAR` asks for it (called when a client is created)."""
    global _configured
    if _configured:
        return
    _configured = True
    level = os.environ.get(ENV_VAR, "").strip().upper()
    if level not in ("DEBUG", "INFO"):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(level)
