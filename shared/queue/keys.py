"""Every Redis key and channel the protocol uses, built in one place.

All names start with `{<prefix>}:`. The braces are a Redis Cluster hash tag:
every key lands in the same slot, so each Lua script (which touches several
keys atomically) also runs on a cluster. The Lua side builds the per-job names
with the same suffixes (`shared/queue/scripts/includes/keys.lua`); a test keeps
the two in step.

| key                       | type   | holds                                                    |
|---------------------------|--------|----------------------------------------------------------|
| queue                     | ZSET   | queued job ids; score = rank * 2**50 + fair tag * 2**12 + seq mod 2**12 (shared/job.py) |
| delayed                   | ZSET   | jobs waiting out a retry backoff; score = ready-at ms    |
| inflight                  | ZSET   | claimed jobs; score = lease expiry ms (server clock)     |
| wake                      | LIST   | marker an idle worker BLPOPs; at most one element        |
| seq                       | STRING | counter giving each enqueue its place among equal tags   |
| fair:<rank>               | HASH   | fair queueing per priority: 'max' (highest tag given),   |
|                           |        | '<tenant>' -> that key's last tag                        |
| active                    | HASH   | per key: 'n:<tenant>' jobs waiting or running,           |
|                           |        | 'b:<tenant>' their upload bytes (MAX_QUEUED_*_PER_KEY)   |
| job:<id>                  | HASH   | the job: status, progress, attempts, result, history,    |
|                           |        | running_in (its sandbox process's pid, see sweep.lua)    |
| pdf:<id>                  | STRING | the uploaded PDF; deleted when the job ends              |
| failed                    | LIST   | dead-letter job ids, newest first, capped                |
| stats                     | HASH   | counters and the duration histogram (fixed field set)    |
| workers                   | ZSET   | worker id -> last heartbeat ms                           |
| worker:<id>               | HASH   | host, pid, started_at, in-flight and done counts; TTL    |
| index                     | ZSET   | recent job ids by sequence number, capped (GET /jobs)    |
| index:<owner>             | ZSET   | the same for one API key's jobs, capped (GET /jobs)      |
| webhooks                  | ZSET   | finished jobs with a callback_url -> next delivery ms    |
| paused                    | STRING | present while the queue is paused                        |
| ack                       | STRING | counter an acknowledged write bumps before WAIT          |
| idem:<owner>:<digest>     | STRING | Idempotency-Key -> "<job id> <upload sha256>"; TTL       |
| rate:<owner>:<minute>     | STRING | submissions in that minute; TTL                          |
| epoch                     | STRING | random token set once; gone or changed = data was lost   |
| lost:<digest>             | STRING | marks one data-loss event as counted; TTL                |
| events:<id>               | pubsub | channel of every change to job <id>                      |
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Keys:
    prefix: str = "bta"

    @property
    def base(self) -> str:
        return "{" + self.prefix + "}"

    def _k(self, *parts: str) -> str:
        return ":".join((self.base, *parts))

    # Fixed keys -------------------------------------------------------------------
    @property
    def queue(self) -> str:
        return self._k("queue")

    @property
    def delayed(self) -> str:
        return self._k("delayed")

    @property
    def inflight(self) -> str:
        return self._k("inflight")

    @property
    def wake(self) -> str:
        return self._k("wake")

    @property
    def seq(self) -> str:
        return self._k("seq")

    @property
    def failed(self) -> str:
        return self._k("failed")

    @property
    def stats(self) -> str:
        return self._k("stats")

    @property
    def workers(self) -> str:
        return self._k("workers")

    @property
    def index(self) -> str:
        return self._k("index")

    @property
    def webhooks(self) -> str:
        return self._k("webhooks")

    @property
    def paused(self) -> str:
        return self._k("paused")

    @property
    def ack(self) -> str:
        return self._k("ack")

    @property
    def active(self) -> str:
        return self._k("active")

    @property
    def epoch(self) -> str:
        return self._k("epoch")

    def fair(self, rank: int) -> str:
        return self._k("fair", str(rank))

    # Per-job and per-worker keys ----------------------------------------------------
    def job(self, job_id: str) -> str:
        return self._k("job", job_id)

    def pdf(self, job_id: str) -> str:
        return self._k("pdf", job_id)

    def events(self, job_id: str) -> str:
        return self._k("events", job_id)

    def worker(self, worker_id: str) -> str:
        return self._k("worker", worker_id)

    def idempotency(self, owner: str, key: str) -> str:
        # The client's key is hashed: it may be long or contain anything.
        return self._k("idem", owner, hashlib.sha256(key.encode()).hexdigest()[:32])

    def rate(self, owner: str, minute: int) -> str:
        return self._k("rate", owner, str(minute))

    def owner_index(self, owner: str) -> str:
        return self._k("index", owner)

    def lost(self, epoch: str) -> str:
        return self._k("lost", hashlib.sha256(epoch.encode()).hexdigest()[:16])
