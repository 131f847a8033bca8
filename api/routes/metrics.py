"""Prometheus metrics at /metrics, read from Redis at scrape time.

Every figure is queue-wide (the counters and the duration histogram live in the
`stats` hash that the Lua scripts update), so any API replica reports the same
numbers: scrape one replica, or aggregate replicas with max(), not sum().
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric

from api.deps import AdminDep, BackendDep
from shared.queue.redis_queue import QueueStats

router = APIRouter(tags=["operations"])

# Must match DURATION_BUCKETS in shared/queue/scripts/includes/finish.lua (milliseconds).
DURATION_BUCKETS_MS = (100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000)


class _Snapshot:
    """A collector over one stats snapshot, built per scrape."""

    def __init__(self, stats: QueueStats, backend: str) -> None:
        self.stats = stats
        self.backend = backend

    def collect(self) -> Iterator[Metric]:
        s, c = self.stats, self.stats.counters
        submitted = CounterMetricFamily("bta_jobs_submitted", "Jobs accepted into the queue")
        submitted.add_metric([], c.get("submitted", 0))
        completed = CounterMetricFamily("bta_jobs_completed", "Jobs that completed")
        completed.add_metric([], c.get("completed", 0))
        failed = CounterMetricFamily("bta_jobs_failed", "Jobs that failed for good, by reason", labels=["reason"])
        for name, value in sorted(c.items()):
            if name.startswith("failed:"):
                failed.add_metric([name.split(":", 1)[1]], value)
        retried = CounterMetricFamily("bta_jobs_retried", "Attempts that ended in a retryable error")
        retried.add_metric([], c.get("retried", 0))
        stalled = CounterMetricFamily("bta_jobs_stalled", "Jobs requeued after their worker stopped answering")
        stalled.add_metric([], c.get("stalled", 0))
        cancelled = CounterMetricFamily("bta_jobs_cancelled", "Jobs cancelled")
        cancelled.add_metric([], c.get("cancelled", 0))
        depth = GaugeMetricFamily("bta_queue_depth", "Jobs waiting, by priority", labels=["priority"])
        for priority, n in s.queued.items():
            depth.add_metric([priority], n)
        depth.add_metric(["retrying"], s.delayed)
        processing = GaugeMetricFamily("bta_jobs_processing", "Jobs held by a worker now")
        processing.add_metric([], s.processing)
        workers = GaugeMetricFamily("bta_workers_alive", "Workers with a recent heartbeat")
        workers.add_metric([], s.workers_alive)
        paused = GaugeMetricFamily("bta_queue_paused", "1 while the queue is paused")
        paused.add_metric([], int(s.paused))
        buckets, running = [], 0
        for le in DURATION_BUCKETS_MS:
            running += c.get(f"dur_le_{le}", 0)
            buckets.append((str(le / 1000), running))
        buckets.append(("+Inf", running + c.get("dur_le_inf", 0)))
        duration = HistogramMetricFamily("bta_job_duration_seconds", "Time from claim to completion of completed jobs",
                                         buckets=buckets, sum_value=c.get("dur_sum_ms", 0) / 1000)  # fmt: skip
        data_loss = CounterMetricFamily("bta_redis_data_loss_events", "Times Redis was found to have lost the queue "
                                        "(restarted without persistence, or flushed)")  # fmt: skip
        data_loss.add_metric([], c.get("data_loss", 0))
        info = GaugeMetricFamily("bta_backend_info", "Queue backend of this API", labels=["backend"])
        info.add_metric([self.backend], 1)
        yield from (submitted, completed, failed, retried, stalled, cancelled, depth, processing, workers, paused,
                    duration, data_loss, info)  # fmt: skip


@router.get("/metrics", summary="Prometheus metrics (queue-wide, read from Redis)", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})  # fmt: skip
async def metrics(backend: BackendDep, _: AdminDep) -> Response:
    stats = await backend.queue.stats(worker_window_ms=int(backend.settings.worker_ttl_seconds * 1000))
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Snapshot(stats, backend.mode))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
