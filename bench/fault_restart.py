"""Fault test: restart PostgreSQL in the middle of a bounded load on `make run`, and count.

Prints figures; asserts nothing. Loopback only; stops by itself after --seconds.

    make run &                          # in another shell, wait for the login page
    .venv/bin/python bench/fault_restart.py --base http://127.0.0.1:8000 --pgdir var/pg

Each of --clients threads signs in as demo_hub (password only: the month grid needs no second
factor) and, until the time is up, reads the start page and saves one cell of today's row of
すくすく with a counter (each thread its own column). Half-way, the cluster is restarted
(`pg_ctl restart -m fast`). Printed: requests by status, before / during / after the restart; the
failed requests once the database answered again (goal: 0); and, per column, whether the database
holds the last value the server said it saved (goal: every one; a 503 means "not saved" and was
shown as such).
"""

import argparse
import datetime as dt
import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
sys.path.insert(0, str(ROOT))
django.setup()

from hubs.models import DailyUsage  # noqa: E402

FIELDS = DailyUsage.COUNT_FIELDS  # one column per client


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 (loopback only)

    def post(self, path: str, data: dict, headers=None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")  # noqa: S310
        request.add_header("X-CSRFToken", self._csrf())
        request.add_header("Referer", self.base + path)
        for k, v in (headers or {}).items():
            request.add_header(k, v)
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            return 0, str(e)

    def sign_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        status, _ = self.post("/accounts/login/", {"username": username, "password": password})
        if status not in (200, 302):
            raise SystemExit(f"sign-in failed: {status}")


def hub_id(client: Client) -> str:
    _, page = client.get("/")
    match = re.search(r"/hubs/([0-9a-f-]{36})/", page)
    if not match:
        raise SystemExit("no hub on the start page: is the demo data there?")
    return match.group(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--pgdir", default=str(ROOT / "var" / "pg"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if not re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$", args.base):
        raise SystemExit("loopback addresses only")

    today = dt.date.today().isoformat()
    first = Client(args.base)
    first.sign_in("demo_hub", "kyoten-demo")
    hub = hub_id(first)
    results: list[tuple[float, str, int]] = []
    last_saved: dict[str, int] = {}
    lock = threading.Lock()
    restart = {"start": 0.0, "end": 0.0}
    t0 = time.monotonic()
    deadline = t0 + args.seconds

    def load(field: str) -> None:
        client = Client(args.base)
        client.sign_in("demo_hub", "kyoten-demo")
        counter = 0
        while time.monotonic() < deadline:
            status, _ = client.get("/")
            with lock:
                results.append((time.monotonic(), "GET /", status))
            counter += 1
            status, body = client.post(
                f"/hubs/{hub}/usage/{today}/cell/",
                {"field": field, "value": str(counter), "confirm": "1"},
                headers={"HX-Request": "true"},
            )
            with lock:
                results.append((time.monotonic(), "POST cell", status))
                if status == 200 and "を保存しました" in body:
                    last_saved[field] = counter

    threads = [threading.Thread(target=load, args=(f,)) for f in FIELDS[: args.clients]]
    for t in threads:
        t.start()
    time.sleep(args.seconds / 2)
    pg_ctl = next(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    data = Path(args.pgdir).resolve() / "data"
    restart["start"] = time.monotonic()
    log = Path(args.pgdir).resolve() / "server.log"
    command = [str(pg_ctl), "-D", str(data), "-l", str(log), "-m", "fast", "-w", "restart"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    # The restarted server must not hold our pipes: its output goes to its log.
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    restart["end"] = time.monotonic()
    for t in threads:
        t.join()

    def phase(at: float) -> str:
        if at < restart["start"]:
            return "before"
        return "during" if at <= restart["end"] + 1 else "after"

    counts = Counter((phase(at), what, status) for at, what, status in results)
    print(f"restart took {restart['end'] - restart['start']:.2f} s; {len(results)} requests")
    for key in sorted(counts):
        print(f"  {key[0]:6} {key[1]:9} {key[2]:>3}: {counts[key]}")
    failed_after = sum(n for (p, _, s), n in counts.items() if p == "after" and s != 200)
    print(f"failed requests after the database was back (goal 0): {failed_after}")
    five_hundreds = sum(n for (_, _, s), n in counts.items() if s == 500)
    print(f"500 answers (goal 0; a lost connection answers 503): {five_hundreds}")

    row = DailyUsage.objects.filter(hub__public_id=hub, date=today).first()
    kept = {f: getattr(row, f, None) for f in last_saved}
    lost = {f: (last_saved[f], kept[f]) for f in last_saved if kept[f] != last_saved[f]}
    print(f"columns whose last saved value is in the database: {len(kept) - len(lost)}/{len(kept)}")
    if lost:
        print(f"  differing (said saved, in the database): {lost}")


if __name__ == "__main__":
    main()
