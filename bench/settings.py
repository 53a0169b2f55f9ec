"""Settings of the benchmark's server: the product's own, plus a bare view to compare pages with."""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Collected apart from the project's own staticfiles/, which other work may be using.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/inovasi-bench-static"))
