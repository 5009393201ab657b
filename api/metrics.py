"""Prometheus metrics: queue depth and verdict counts from the database, latency in-process.

Verdict counts come from the verdict_counts table, which the queue keeps as it
stores results: a handful of rows, however many submissions there are."""

from __future__ import annotations

from datetime import UTC

from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import select

from api.models import VerdictCount, utcnow
from api.queue import Claim, Queue
from judge.verdicts import Judgement

LATENCY_BUCKETS = (0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 120)


class _FromDatabase(Collector):
    def __init__(self, queue: Queue):
        self.queue = queue

    def collect(self):
        depth = GaugeMetricFamily("pyjudge_queue_depth", "Submissions waiting for a worker")
        depth.add_metric([], self.queue.depth())
        yield depth
        judged = CounterMetricFamily(
            "pyjudge_judged", "Submissions judged, by verdict", labels=["verdict"]
        )
        with self.queue.sessions() as session:
            rows = session.execute(
                select(VerdictCount.verdict, VerdictCount.count).order_by(VerdictCount.verdict)
            ).all()
        for verdict, count in rows:
            judged.add_metric([verdict], count)
        yield judged


class Metrics:
    def __init__(self, queue: Queue):
        self.registry = CollectorRegistry()
        self.registry.register(_FromDatabase(queue))
        self.latency = Histogram(
            "pyjudge_judge_latency_seconds",
            "From submission to stored result, for submissions judged by this process",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.sandbox = Histogram(
            "pyjudge_sandbox_wall_seconds",
            "Wall time of one sandbox run, container start and removal included",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def judged(self, claim: Claim, judgement: Judgement) -> None:
        created = claim.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        self.latency.observe((utcnow() - created).total_seconds())
        self.sandbox.observe(judgement.wall_ms / 1000)

    def render(self) -> bytes:
        return generate_latest(self.registry)
