"""How many worker processes to start: WEB_CONCURRENCY, else the CPUs it may use.

Those CPUs are a container's CPU quota (`docker run --cpus 2`, a Kubernetes CPU
limit) when it has one, rounded up, else the CPUs the scheduler lets it run on.
Never os.cpu_count(): inside a container that is the host's core count, and a
worker per host core can run a 2-CPU container out of memory. Each worker is a
whole copy of the app: see the README for the memory one takes.

The servers configured by flags read it from the command line:

    python -m sanic_sanic.workers     # prints the count
"""

from __future__ import annotations

import math
import os

CGROUP = "/sys/fs/cgroup"


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except (OSError, ValueError):
        return None


def cpu_quota(root: str = CGROUP) -> float | None:
    """CPUs the cgroup's quota allows, or None when it sets none."""
    # cgroup v2: "max 100000" is no quota, "200000 100000" two CPUs.
    v2 = _read(os.path.join(root, "cpu.max"))
    if v2 is not None:
        quota, _, period = v2.partition(" ")
        try:
            return int(quota) / int(period) if quota != "max" else None
        except (ValueError, ZeroDivisionError):
            return None
    # cgroup v1: the quota and its period in microseconds, -1 for none.
    for folder in ("cpu", "cpu,cpuacct", "cpuacct,cpu", ""):
        quota_us = _read(os.path.join(root, folder, "cpu.cfs_quota_us"))
        period_us = _read(os.path.join(root, folder, "cpu.cfs_period_us"))
        if quota_us is None or period_us is None:
            continue
        try:
            cfs_quota, cfs_period = int(quota_us), int(period_us)
        except ValueError:
            return None
        return cfs_quota / cfs_period if cfs_quota > 0 and cfs_period > 0 else None
    return None


def available_cpus(root: str = CGROUP) -> int:
    """The quota rounded up, else the CPUs this process may run on; at least 1."""
    quota = cpu_quota(root)
    if quota is not None:
        return max(1, math.ceil(quota))
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    # macOS and Windows have neither cgroups nor affinity: the machine's count.
    return max(1, os.cpu_count() or 1)


def worker_count(root: str = CGROUP) -> int:
    """WEB_CONCURRENCY when set, else one worker process per available CPU."""
    # One per CPU, not gunicorn's 2 x CPUs + 1 (advice for single-threaded sync
    # workers): every worker here already overlaps requests (threads on WSGI, an
    # event loop on ASGI), and each one more is another copy of the app in memory.
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(value) if value else available_cpus(root)


if __name__ == "__main__":
    print(worker_count())
