#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Kill -9 durability test for `cityos serve`.

Each round starts the server on the same data directory, runs several writer
threads (creates, attribute PATCHes with increasing counters, batch upserts),
kills the server with SIGKILL at a random moment, restarts it and checks that
every write acknowledged with 2xx is present (a PATCHed counter may be newer
than the acknowledged value, never older, and never a value that was not sent).
Exit status: 0 all writes survived, 1 a loss or corruption, 2 the test could not run.
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

TYPE = "CrashT"
PREFIX = "urn:ngsi-ld:CrashT:"
JSON_HEADERS = {"Content-Type": "application/json"}


class Ledger:
    """What the writers were told (acked) and what they tried (sent)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.created = set()      # ids whose create/upsert was acknowledged
        self.acked = {}           # id -> highest acknowledged counter
        self.sent = {}            # id -> highest counter ever sent
        self.counts = {"create": 0, "patch": 0, "upsert": 0, "upsert_entities": 0}

    def send(self, eid, value):
        with self.lock:
            self.sent[eid] = max(self.sent.get(eid, -1), value)

    def ack(self, eids, value, kind, created=False):
        with self.lock:
            for eid in eids:
                if created:
                    self.created.add(eid)
                self.acked[eid] = max(self.acked.get(eid, -1), value)
            self.counts[kind] += 1
            if kind == "upsert":
                self.counts["upsert_entities"] += len(eids)


def entity(eid, counter):
    return {"id": eid, "type": TYPE,
            "counter": {"type": "Property", "value": counter},
            "note": {"type": "Property", "value": "x" * 40}}


class Writer(threading.Thread):
    def __init__(self, port, wid, rnd, ledger, owned, counter_base, stop, failures):
        super().__init__(daemon=True)
        self.port, self.wid, self.rnd = port, wid, rnd
        self.ledger, self.owned, self.stop = ledger, owned, stop
        self.counter = counter_base   # increases with every write of this writer
        self.failures = failures
        self.rng = random.Random(rnd * 1000 + wid)

    def request(self, conn, method, path, body):
        conn.request(method, path, body=json.dumps(body), headers=JSON_HEADERS)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, data

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        n = 0
        try:
            while not self.stop.is_set():
                n += 1
                self.counter += 1
                op = self.rng.random()
                if op < 0.3 or not self.owned:
                    self.create(conn, n)
                elif op < 0.75:
                    self.patch(conn)
                else:
                    self.upsert(conn, n)
        except (OSError, http.client.HTTPException):
            pass  # the server was killed: this write is not acknowledged

    def create(self, conn, n):
        eid = f"{PREFIX}r{self.rnd}-w{self.wid}-c{n}"
        self.ledger.send(eid, self.counter)
        status, data = self.request(conn, "POST", "/ngsi-ld/v1/entities", entity(eid, self.counter))
        if status != 201:
            self.failures.append(f"create {eid}: HTTP {status} {data[:200]!r}")
            return
        self.ledger.ack([eid], self.counter, "create", created=True)
        self.owned.append(eid)

    def patch(self, conn):
        eid = self.rng.choice(self.owned)
        self.ledger.send(eid, self.counter)
        body = {"counter": {"type": "Property", "value": self.counter}}
        status, data = self.request(conn, "PATCH", f"/ngsi-ld/v1/entities/{eid}/attrs", body)
        if status != 204:
            self.failures.append(f"patch {eid}: HTTP {status} {data[:200]!r}")
            return
        self.ledger.ack([eid], self.counter, "patch")

    def upsert(self, conn, n):
        ids = [f"{PREFIX}r{self.rnd}-w{self.wid}-b{n}-{k}" for k in range(8)]
        if self.owned:  # also overwrite two older entities of this writer
            ids += self.rng.sample(self.owned, min(2, len(self.owned)))
        for eid in ids:
            self.ledger.send(eid, self.counter)
        body = [entity(eid, self.counter) for eid in ids]
        status, data = self.request(conn, "POST", "/ngsi-ld/v1/entityOperations/upsert", body)
        if status not in (201, 204):
            self.failures.append(f"upsert: HTTP {status} {data[:200]!r}")
            return
        self.ledger.ack(ids, self.counter, "upsert", created=True)
        self.owned.extend(ids[:8])


def preload(port, ledger, megabytes):
    """Batch-upserts ~`megabytes` of padded entities so that the log passes the
    store's compaction threshold (64 MiB) and the first kill can hit a compaction."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    pad = "p" * 4000
    n, total = 0, 0
    while total < megabytes << 20:
        ids = [f"{PREFIX}pre-{n + k}" for k in range(500)]
        n += 500
        body = [dict(entity(eid, 0), note={"type": "Property", "value": pad}) for eid in ids]
        data = json.dumps(body)
        total += len(data)
        for eid in ids:
            ledger.send(eid, 0)
        conn.request("POST", "/ngsi-ld/v1/entityOperations/upsert", body=data, headers=JSON_HEADERS)
        resp = conn.getresponse()
        resp.read()
        if resp.status not in (201, 204):
            raise RuntimeError(f"preload upsert failed: HTTP {resp.status}")
        ledger.ack(ids, 0, "upsert", created=True)
    conn.close()
    return n


def start_server(binary, data_dir, log_path, deadline):
    """Starts `cityos serve` on a free port; returns (process, port)."""
    log = open(log_path, "wb")
    proc = subprocess.Popen([binary, "serve", "--data", data_dir, "--listen", "127.0.0.1:0",
                             "--threads", "2"], stdout=log, stderr=subprocess.STDOUT)
    log.close()
    pattern = re.compile(rb"listening on 127\.0\.0\.1:(\d+)")
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} at start; see {log_path}")
        with open(log_path, "rb") as f:
            m = pattern.search(f.read())
        if m:
            return proc, int(m.group(1))
        time.sleep(0.01)
    proc.kill()
    raise RuntimeError("server did not start listening in time")


def fetch_all(port):
    """Returns id -> counter of every CrashT entity (paged query, keyValues)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    found, offset = {}, 0
    while True:
        conn.request("GET", f"/ngsi-ld/v1/entities?type={TYPE}&limit=1000&offset={offset}"
                            "&options=keyValues&attrs=counter")
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"query failed: HTTP {resp.status} {data[:200]!r}")
        page = json.loads(data)
        for e in page:
            found[e["id"]] = e.get("counter")
        if len(page) < 1000:
            return found
        offset += 1000


def check_padding(port, ledger):
    """GETs a sample of the preloaded entities: their 4,000-byte note must be intact."""
    pre = sorted(e for e in ledger.created if ":CrashT:pre-" in e)
    problems = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for eid in random.sample(pre, min(50, len(pre))):
        conn.request("GET", f"/ngsi-ld/v1/entities/{eid}?options=keyValues")
        resp = conn.getresponse()
        data = resp.read()
        note = json.loads(data).get("note") if resp.status == 200 else None
        if note != "p" * 4000:
            problems.append(f"CORRUPT: {eid} note is {str(note)[:40]!r}... (HTTP {resp.status})")
    conn.close()
    return problems


def verify(ledger, found):
    problems = []
    for eid in sorted(ledger.created):
        if eid not in found:
            problems.append(f"LOST acknowledged create/upsert: {eid}")
    for eid, value in sorted(ledger.acked.items()):
        if eid not in found:
            continue  # reported above
        got = found[eid]
        if not isinstance(got, (int, float)) or got < value:
            problems.append(f"LOST acknowledged write: {eid} counter={got!r}, acknowledged {value}")
        elif got > ledger.sent.get(eid, -1):
            problems.append(f"CORRUPT: {eid} counter={got!r} was never sent "
                            f"(max sent {ledger.sent.get(eid)})")
    for eid in found:
        if eid not in ledger.sent:
            problems.append(f"CORRUPT: unexpected entity {eid}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--writers", type=int, default=6)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--preload-mb", type=int, default=80,
                    help="MiB of entities written before round 1 (0: none), to reach compaction")
    ap.add_argument("--sabotage", action="store_true",
                    help="self-check: cut the log after the first kill; the test must then FAIL")
    ap.add_argument("--budget", type=float, default=55.0, help="seconds for the whole test")
    args = ap.parse_args()
    random.seed(args.seed)
    deadline = time.monotonic() + args.budget
    log_dir = args.data.rstrip("/") + "-logs"
    os.makedirs(log_dir, exist_ok=True)
    ledger, failures = Ledger(), []
    owned = [[] for _ in range(args.writers)]
    print(f"crash test: {args.rounds} rounds, {args.writers} writers, seed {args.seed}, "
          f"data {args.data}, logs {log_dir}", flush=True)
    for rnd in range(1, args.rounds + 1):
        proc, port = start_server(args.bin, args.data, f"{log_dir}/serve-{rnd}.log", deadline)
        # verify what survived the previous kill before writing more
        if rnd > 1:
            problems = verify(ledger, fetch_all(port))
            if problems:
                proc.kill()
                print(f"FAIL after kill #{rnd - 1}: {len(problems)} problem(s)", file=sys.stderr)
                for p in problems[:20]:
                    print("  " + p, file=sys.stderr)
                return 1
            print(f"  restart #{rnd - 1}: all {len(ledger.created)} acknowledged entities and "
                  f"{len(ledger.acked)} counters present", flush=True)
        if rnd == 1 and args.preload_mb > 0:
            count = preload(port, ledger, args.preload_mb)
            print(f"  preloaded {count} padded entities (~{args.preload_mb} MiB of log)", flush=True)
        stop = threading.Event()
        base = rnd * 10_000_000
        writers = [Writer(port, w, rnd, ledger, owned[w], base, stop, failures)
                   for w in range(args.writers)]
        for w in writers:
            w.start()
        time.sleep(random.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        for w in writers:
            w.join(timeout=15)
        if args.sabotage and rnd == 1:
            wal = os.path.join(args.data, "wal.clog")
            os.truncate(wal, os.path.getsize(wal) // 2)
            print("  sabotage: cut wal.clog in half", flush=True)
        if failures:
            print("FAIL: a write was refused while the server was up:", file=sys.stderr)
            for f in failures[:20]:
                print("  " + f, file=sys.stderr)
            return 1
        print(f"round {rnd}: killed (SIGKILL) pid {proc.pid}; acknowledged so far: "
              f"{ledger.counts}", flush=True)
        if time.monotonic() > deadline:
            print("FAIL: time budget exceeded", file=sys.stderr)
            return 2
    proc, port = start_server(args.bin, args.data, f"{log_dir}/serve-final.log", deadline)
    try:
        problems = verify(ledger, fetch_all(port)) + check_padding(port, ledger)
    finally:
        proc.kill()
        proc.wait()
    if problems:
        print(f"FAIL after kill #{args.rounds}: {len(problems)} problem(s)", file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        return 1
    if ledger.counts["patch"] == 0 or ledger.counts["create"] == 0 or ledger.counts["upsert"] == 0:
        print(f"FAIL: the load did not exercise every write kind: {ledger.counts}", file=sys.stderr)
        return 2
    print(f"PASS: {args.rounds} kill -9 rounds; every acknowledged write survived "
          f"({len(ledger.created)} entities, {ledger.counts})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print(f"ERROR: {e}", file=sys.stderr)
        sys.exit(2)
