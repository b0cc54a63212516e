"""A small, bounded HTTP load generator for the benchmark: threads + http.client, loopback only.

Each client is a thread that requests the given paths in turn (each client starts at a different
offset) until the time limit or the total request budget runs out; every request has a timeout.
Gunicorn's sync workers close the connection after each response, so every request opens its own
connection, as a browser's first visit does.

    python bench/load.py --port 8000 --clients 6 --duration 20 /search/?q=... /
"""

from __future__ import annotations

import argparse
import http.client
import threading
import time

import numpy as np

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def run(
    paths: list[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    clients: int = 6,
    duration_s: float = 20.0,
    max_requests: int = 20_000,
    timeout_s: float = 30.0,
) -> dict:
    """Hammer host:port with `clients` threads; returns throughput, latency percentiles and errors."""
    if host not in LOOPBACK:
        raise ValueError(f"the load generator only talks to loopback, not {host!r}")
    if not paths:
        raise ValueError("no paths to request")
    clients = max(1, min(int(clients), 64))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    issued = [0]
    deadline = time.monotonic() + duration_s

    def take_ticket() -> bool:
        with lock:
            if issued[0] >= max_requests or time.monotonic() >= deadline:
                return False
            issued[0] += 1
            return True

    def client(offset: int) -> None:
        i = offset
        while take_ticket():
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(host, port, timeout=timeout_s)
                try:
                    conn.request("GET", path, headers={"Accept-Language": "bn"})
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                finally:
                    conn.close()
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        errors.append(f"{status} {path}")
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{exc.__class__.__name__} {path}")

    threads = [
        threading.Thread(target=client, args=(k * len(paths) // clients,), daemon=True)
        for k in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration_s + timeout_s + 5)
    wall = time.perf_counter() - started
    ms = np.array(latencies) * 1000 if latencies else np.array([0.0])
    return {
        "clients": clients,
        "duration_s": round(wall, 2),
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:10],
        "rps": round(len(latencies) / wall, 2) if wall else 0.0,
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "max_ms": round(float(ms.max()), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    args = parser.parse_args()
    print(
        run(
            args.paths,
            host=args.host,
            port=args.port,
            clients=args.clients,
            duration_s=args.duration,
            max_requests=args.max_requests,
        )
    )


if __name__ == "__main__":
    main()
