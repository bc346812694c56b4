#!/usr/bin/env python3
"""Edit-to-reload latency of `xinghuo serve`, side by side with `hugo server`, on the
same generated corpus (bench/gen_corpus.py), plus requests per second under a bounded
local load (wrk, loopback only).

    cargo build --release
    python3 bench/serve_latency.py --pages 1000 10000 --edits 20 --wrk-seconds 30
    python3 bench/serve_latency.py --pages 10000 --edits 5 --wrk-seconds 0 --no-hugo --under-load 60

Latency of one edit: from the moment the page's file is rewritten (a new marker word
appended) until a GET of that page's URL returns the marker. Polled every 2 ms over a
kept-alive connection. Median of --edits edits, each on a different page. Servers run
with their default settings (hugo: in-memory, fast render mode). Needs `hugo` and
`wrk` (Debian packages of the same names) for the comparison and the load test; both
are skipped with a note when missing. Standard library only otherwise.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        for _ in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                self.conn.request("GET", path)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                if self.conn:
                    self.conn.close()
                self.conn = None
                time.sleep(0.05)
        return 0, b""


def wait_ready(client, path, proc, timeout=900):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        status, _ = client.get(path)
        if status == 200:
            return time.monotonic() - start
        time.sleep(0.05)
    raise SystemExit("server not ready")


def append_marker(site, i, marker):
    """Rewrite page `i`'s source in place with `marker` appended; when it was written."""
    path = os.path.join(site, "content", gen_corpus.page_path(i))
    with open(path, encoding="utf-8") as f:
        text = f.read()
    t0 = time.monotonic()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + f"\n\n{marker}\n")
    return t0


def measure_edits(site, port, n_pages, edits, label, limit):
    client = Client(port)
    out = []
    for k in range(edits):
        i = (k * 7919 + 13) % n_pages
        url = gen_corpus.page_url(i)
        # Warm: the page is served before the edit.
        client.get(url)
        marker = f"editmark{label}{k}x{int(time.time() * 1000) % 100000}"
        t0 = append_marker(site, i, marker)
        while True:
            status, body = client.get(url)
            if status == 200 and marker.encode() in body:
                break
            if time.monotonic() - t0 > limit:
                raise SystemExit(f"{label}: edit {k} not visible after {limit} s")
            time.sleep(0.002)
        out.append((time.monotonic() - t0) * 1000)
        time.sleep(0.3)  # let the server settle between edits
    return out


def run_wrk(port, path, seconds):
    if not shutil.which("wrk"):
        return None
    r = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    rps = re.search(r"Requests/sec:\s+([\d.]+)", r.stdout)
    errs = re.search(r"Socket errors: (.*)", r.stdout)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", r.stdout)
    p50 = re.search(r"50%\s+(\S+)", r.stdout)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "socket_errors": errs.group(1).strip() if errs else "0",
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "p50": p50.group(1) if p50 else "?",
    }


def load_client(port, n_pages, stop_at, counter):
    """One client of the load: GET pages, one after another, until `stop_at`."""
    c = Client(port)
    k, done = os.getpid(), 0
    while time.time() < stop_at:
        c.get(gen_corpus.page_url((k * 31 + done * 7) % n_pages))
        done += 1
    with counter.get_lock():
        counter.value += done


def edits_under_load(site, port, n_pages, seconds, clients=8, every=0.3):
    """The issue-18 scenario: `clients` processes fetch pages as fast as they can while
    one page is rewritten in place every `every` seconds and fetched at once. Returns
    (edits, answers without the edit, requests per second of the load, edit-to-served
    latencies in ms). A stale answer is counted, then the page is polled until the
    edit shows (so one stale answer never hides the next edit's)."""
    import multiprocessing as mp
    counter = mp.Value("l", 0)
    start = time.time()
    stop_at = start + seconds
    procs = [mp.Process(target=load_client, args=(port, n_pages, stop_at, counter))
             for _ in range(clients)]
    for p in procs:
        p.start()
    client = Client(port)
    edits, stale, lat = 0, 0, []
    while time.time() < stop_at - 1:
        i = (edits * 7919 + 17) % n_pages
        url = gen_corpus.page_url(i)
        marker = f"loadmark{edits}x{int(time.time() * 1000) % 100000}"
        t0 = append_marker(site, i, marker)
        status, body = client.get(url)
        if not (status == 200 and marker.encode() in body):
            stale += 1
            while not (status == 200 and marker.encode() in body):
                if time.monotonic() - t0 > 60:
                    raise SystemExit(f"edit {edits} not visible after 60 s")
                time.sleep(0.002)
                status, body = client.get(url)
        lat.append((time.monotonic() - t0) * 1000)
        edits += 1
        time.sleep(max(0.0, every - (time.monotonic() - t0)))
    for p in procs:
        p.join()
    return edits, stale, counter.value / (time.time() - start), lat


def summary(xs):
    xs = sorted(xs)
    return (f"median {statistics.median(xs):.0f} ms, min {xs[0]:.0f}, "
            f"p90 {xs[int(len(xs) * 0.9) - 1]:.0f}, max {xs[-1]:.0f}")


def serve(cmd, cwd, port, probe):
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ready = wait_ready(Client(port), probe, proc)
    return proc, ready


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--wrk-seconds", type=int, default=30, help="0 skips the load test")
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/xinghuo"))
    ap.add_argument("--work", default="/tmp/xinghuo-serve-bench")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--edit-timeout", type=float, default=600, help="seconds per edit")
    ap.add_argument("--under-load", type=int, default=0, metavar="SECONDS",
                    help="xinghuo only: for SECONDS, 8 client processes fetch pages while a "
                    "page is edited every 0.3 s and fetched at once; counts answers without "
                    "the edit")
    a = ap.parse_args()
    have_hugo = shutil.which("hugo") and not a.no_hugo
    for n in a.pages:
        out = os.path.join(a.work, f"c{n}")
        gen_corpus.generate(n, 1, out)
        rows = []
        port = free_port()
        proc, ready = serve([a.bin, "serve", "--port", str(port), "--lang", "en"],
                            os.path.join(out, "xinghuo"), port, "/")
        try:
            lat = measure_edits(os.path.join(out, "xinghuo"), port, n, a.edits, "x", a.edit_timeout)
            load = run_wrk(port, gen_corpus.page_url(1), a.wrk_seconds) if a.wrk_seconds else None
            under = (edits_under_load(os.path.join(out, "xinghuo"), port, n, a.under_load)
                     if a.under_load else None)
        finally:
            stop(proc)
        if under:
            e, stale, rps, ul = under
            print(f"- xinghuo serve, {n} pages, {a.under_load} s under load: {rps:.0f} req/s "
                  f"from 8 clients, {e} edits, {stale} answered without the edit; "
                  f"edit-to-served {summary(ul)}")
        rows.append(("xinghuo serve", ready, lat, load))
        if have_hugo:
            port = free_port()
            proc, ready = serve(["hugo", "server", "--port", str(port), "--bind", "127.0.0.1",
                                 "--disableLiveReload"],
                                os.path.join(out, "hugo"), port, "/")
            try:
                lat = measure_edits(os.path.join(out, "hugo"), port, n, a.edits, "h", a.edit_timeout)
                load = run_wrk(port, gen_corpus.page_url(1), a.wrk_seconds) if a.wrk_seconds else None
            finally:
                stop(proc)
            rows.append(("hugo server", ready, lat, load))
        print(f"\n## {n} pages ({a.edits} edits)")
        for name, ready, lat, load in rows:
            print(f"- {name}: first build served after {ready:.1f} s; edit-to-reload {summary(lat)}")
            if load:
                print(f"  wrk -t2 -c32 -d{a.wrk_seconds}s {gen_corpus.page_url(1)}: "
                      f"{load['rps']:.0f} req/s, p50 {load['p50']}, "
                      f"socket errors {load['socket_errors']}, non-2xx {load['non_2xx']}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
