#!/usr/bin/env python3
"""The attack of README's trust chapter against a local service (see run.sh): access matrix, hostile input, files,
formula injection, pages, unknown paths, concurrent imports and small writes, kill -9 during an import, and tampering
with the stopped service's database file. Prints one table row per attack: requests, 5xx (and how many of them were
503 with Retry-After), lost or half-written data. Standard library only; bounded (no attack repeats without end)."""
import argparse
import concurrent.futures as cf
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

TREASURER, AUDITOR, VIEWER = "dev-treasurer-key", "dev-auditor-key", "dev-viewer-key"
LOAN_HEADER = "id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n"


class Service:
    def __init__(self, args, folder):
        self.args, self.folder, self.process = args, folder, None
        self.base = f"http://127.0.0.1:{args.port}"

    def start(self, seed=True):
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Development", Jobs__Enabled="false",
                   ConnectionStrings__Finance=f"Data Source={self.folder}/finance.db",
                   Finance__SeedDemoData="true" if seed else "false", Finance__MaxRequestBodyBytes="67108864")
        self.log = open(f"{self.folder}/service.log", "a")
        self.process = subprocess.Popen(["dotnet", self.args.dll, "--contentRoot", os.path.abspath(self.args.content_root),
                                         "--urls", self.base], env=env, stdout=self.log, stderr=self.log)
        for _ in range(300):
            try:
                if urllib.request.urlopen(self.base + "/health", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the service did not start; see " + self.folder + "/service.log")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class Tally:
    def __init__(self, what):
        self.what, self.requests, self.errors, self.unavailable, self.lost, self.notes = what, 0, 0, 0, 0, []

    def row(self):
        five = f"{self.errors}" + (f" (all 503 + Retry-After)" if self.errors and self.errors == self.unavailable else "")
        return f"| {self.what} | {self.requests} | {five} | {self.lost} | {'; '.join(self.notes)} |"


def call(service, tally, method, path, body=None, key=None, content_type="application/json", accept=None, timeout=120):
    data = body if isinstance(body, (bytes, type(None))) else (body if isinstance(body, str) else json.dumps(body)).encode()
    request = urllib.request.Request(service.base + path, data=data, method=method)
    if key:
        request.add_header("X-Api-Key", key)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    tally.requests += 1
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        if e.code >= 500:
            tally.errors += 1
            if e.code == 503 and e.headers.get("Retry-After"):
                tally.unavailable += 1
        return e.code, dict(e.headers), e.read()


def loans_csv(prefix, n, lender="Kommunalbanken"):
    return LOAN_HEADER + "".join(f"{prefix}{i},{lender},Serielån,investment,floating,4.25,{1_000_000 + i},2025-12-31,2040-12-31,serial\n"
                                 for i in range(1, n + 1))


def count(folder, sql):
    with sqlite3.connect(f"{folder}/finance.db") as c:
        return c.execute(sql).fetchone()[0]


def access_matrix(service):
    t = Tally("access matrix: every GET of the OpenAPI document × 6 callers")
    status, _, body = call(service, t, "GET", "/swagger/v1/swagger.json")
    document = json.loads(body)
    paths = [p.replace("{year}", "2025").replace("{tertial}", "3").replace("{id}", "1").replace("{month}", "2025-12")
             .replace("{placementId}", "x").replace("{name}", "x").replace("{version}", "1")
             for p, ops in document["paths"].items() if "get" in ops]
    callers = [None, "wrong-key", VIEWER, AUDITOR, TREASURER, "x" * 5000]
    jobs = [(p, k) for p in paths for k in callers]
    with cf.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda job: call(service, t, "GET", job[0], key=job[1]), jobs))
    t.notes.append(f"{len(paths)} paths")
    return t


def hostile_input(service):
    t = Tally("hostile JSON to every write (control characters, SQL, huge numbers, wrong types, deep nesting)")
    status, _, body = call(service, t, "GET", "/swagger/v1/swagger.json")
    document = json.loads(body)
    values = ["Bank\u0001X", "'; DROP TABLE loans; --", "\u0000", "\ud800", 1e308, -1e308, 10**30, None, [], {}, True, "9999-12-31",
              "=HYPERLINK(\"http://evil.example\")", "A" * 100_000]
    bodies = [json.dumps({"lender": v, "id": "h1", "index": v, "name": v, "asOf": v, "date": v, "marketValueNok": v}) for v in values]
    bodies += ["[" * 5000 + "]" * 5000, "{\"a\":", "null", "[null]", "\"\\ud800\""]
    writes = [(m.upper(), p.replace("{year}", "2025").replace("{id}", "h1").replace("{placementId}", "h1").replace("{name}", "h1").replace("{month}", "2025-12"))
              for p, ops in document["paths"].items() for m in ops if m in ("post", "put")]
    jobs = [(m, p, b) for m, p in writes for b in bodies]
    with cf.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda j: call(service, t, j[0], j[1], j[2], key=TREASURER), jobs))
    status, _, _ = call(service, t, "POST", "/api/loans", {"id": "cc1", "lender": "Bank\u0001X", "product": "x", "category": "investment",
                                                           "rateType": "floating", "ratePct": 4, "balanceNok": 1, "balanceDate": "2025-12-31",
                                                           "maturityDate": "2040-12-31", "amortisation": "serial"}, key=TREASURER)
    t.notes.append(f"{len(writes)} write operations; lender \"Bank\\u0001X\" → {status}")
    _, _, audit = call(service, t, "GET", "/api/audit/verify", key=AUDITOR)
    if not json.loads(audit)["valid"]:
        t.lost += 1
        t.notes.append("audit trail invalid")
    return t


def files_and_exports(service):
    t = Tally("files: invalid UTF-8 CSV, malformed XLSX, NUL in CSV, formula lender exported as CSV and XLSX")
    bad_utf8 = (LOAN_HEADER + "U1,B").encode() + b"\xe6" + "rum,Serielån,investment,floating,4.25,1,2025-12-31,2040-12-31,serial\n".encode()
    s1, _, _ = call(service, t, "POST", "/api/loans/import", bad_utf8, key=TREASURER, content_type="text/csv")
    nul = loans_csv("N", 3, lender="Bank\u0000X")
    s2, _, _ = call(service, t, "POST", "/api/loans/import", nul, key=TREASURER, content_type="text/csv")
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    statuses = []
    for blob in [b"PK\x03\x04 not a workbook", b"", os.urandom(4096)]:
        s, _, _ = call(service, t, "POST", "/api/liquidity/balances/import", blob, key=TREASURER, content_type=xlsx_type)
        statuses.append(s)
    formula = "=HYPERLINK(\"http://evil.example\",\"Klikk\")"
    call(service, t, "POST", "/api/loans", {"id": "F1", "lender": formula, "product": "x", "category": "investment", "rateType": "floating",
                                             "ratePct": 4, "balanceNok": 1, "balanceDate": "2025-12-31", "maturityDate": "2040-12-31",
                                             "amortisation": "serial"}, key=TREASURER)
    _, _, csv = call(service, t, "GET", "/api/loans?format=csv&limit=10000", key=VIEWER)
    formula_cells = [line for line in csv.decode().split("\r\n") if line.startswith("F1,")]
    guarded = formula_cells and formula_cells[0].startswith("F1,\"'=")
    sx, _, _ = call(service, t, "GET", "/api/loans?format=xlsx", key=VIEWER)
    sr, _, _ = call(service, t, "GET", "/api/reports/annual/2025?format=xlsx", key=VIEWER)
    t.notes.append(f"UTF-8 → {s1}, NUL → {s2}, bad XLSX → {sorted(set(statuses))}, CSV formula cell guarded: {bool(guarded)}, XLSX exports → {sx}/{sr}")
    return t


def unknown_paths_and_headers(service):
    t = Tally("unknown paths (Accept: text/html and others), HTML report headers, foreign Host on the OpenAPI document")
    statuses = set()
    for path in ["/hangfire-old", "/signin/x", "/admin", "/api/nope", "/.env", "/swagger/../../etc/passwd"]:
        for accept in ["text/html", "*/*", "image/png", "application/json"]:
            for key in [None, VIEWER]:
                s, _, _ = call(service, t, "GET", path, key=key, accept=accept)
                statuses.add(s)
    s, headers, _ = call(service, t, "GET", "/api/reports/annual/2025", key=VIEWER)
    request = urllib.request.Request(service.base + "/swagger/v1/swagger.json", headers={"Host": "evil.example"})
    t.requests += 1
    document = urllib.request.urlopen(request).read().decode()
    t.notes.append(f"statuses {sorted(statuses)}; report nosniff: {headers.get('X-Content-Type-Options') == 'nosniff'}, CSP: {'Content-Security-Policy' in headers}; "
                   f"foreign Host in document: {'evil.example' in document}")
    return t


def concurrency(service):
    t = Tally("two 50 000-row loan imports and ten small writes at once")
    before = count(service.folder, "SELECT COUNT(*) FROM loans")
    def job(i):
        if i < 2:
            start = time.time()
            s, h, _ = call(service, t, "POST", "/api/loans/import", loans_csv("C" + "AB"[i], 50_000), key=TREASURER, content_type="text/csv")
            return ("import", s, time.time() - start)
        time.sleep(0.2 * i)
        s, h, _ = call(service, t, "PUT", f"/api/market-data/cpi/{1980 + i}", {"index": 50 + i}, key=TREASURER)
        return ("small", s, 0)
    with cf.ThreadPoolExecutor(12) as pool:
        results = list(pool.map(job, range(12)))
    imported = sum(1 for k, s, _ in results if k == "import" and s == 200)
    loans = count(service.folder, "SELECT COUNT(*) FROM loans") - before
    if loans != imported * 50_000:
        t.lost += 1
    t.notes.append(f"imports {[s for k, s, _ in results if k == 'import']} in {max(d for *_, d in results):.1f} s, small writes {[s for k, s, _ in results if k == 'small']}, "
                   f"loans stored {loans}")
    return t


def pages(service):
    t = Tally("150 000 loans: GET /api/loans and the exports")
    existing = count(service.folder, "SELECT COUNT(*) FROM loans")
    prefix = 0
    while existing < 150_000:
        prefix += 1
        n = min(50_000, 150_000 - existing)
        start = time.time()
        s, _, _ = call(service, t, "POST", "/api/loans/import", loans_csv(f"P{prefix}-", n), key=TREASURER, content_type="text/csv")
        if s == 200:
            t.notes.append(f"import of {n} in {time.time() - start:.1f} s")
        existing = count(service.folder, "SELECT COUNT(*) FROM loans")
    s, headers, body = call(service, t, "GET", "/api/loans", key=VIEWER)
    items = len(json.loads(body))
    _, _, csv = call(service, t, "GET", "/api/loans?format=csv", key=VIEWER)
    has_next = 'rel="next"' in headers.get("Link", "")
    rows = csv.count(b"\r\n") - 1
    t.notes.append(f"{existing} loans: GET /api/loans → {s}, {items} items, Link rel=next: {has_next}; CSV export {rows} rows")
    return t


def kill_during_import(service):
    t = Tally("kill -9 during a 50 000-row import, restart")
    before = count(service.folder, "SELECT COUNT(*) FROM loans")
    with cf.ThreadPoolExecutor(1) as pool:
        future = pool.submit(call, service, t, "POST", "/api/loans/import", loans_csv("K", 50_000), TREASURER, "text/csv")
        time.sleep(1.0)
        service.kill()
        try:
            future.result()
        except Exception:
            pass
    service.start()
    after = count(service.folder, "SELECT COUNT(*) FROM loans")
    if after - before not in (0, 50_000):
        t.lost += 1
    t.notes.append(f"rows of the import after restart: {after - before} (0 or 50 000)")
    return t


def tampering(service):
    t = Tally("service stopped; a loan's rate changed in the file and a matching plain-SHA-256 entry appended; restart")
    service.kill()
    with sqlite3.connect(f"{service.folder}/finance.db") as c:
        image = ("json_object('loan_id', loan_id, 'date', date, 'balance_nok', balance_nok, 'rate_pct', rate_pct, "
                 "'next_rate_reset_date', next_rate_reset_date, 'maturity_date', maturity_date)")
        row_id, before = c.execute(f"SELECT rowid, {image} FROM loan_states ORDER BY rowid LIMIT 1").fetchone()
        c.execute("UPDATE loan_states SET rate_pct = '0.01' WHERE rowid = ?", (row_id,))
        after = c.execute(f"SELECT {image} FROM loan_states WHERE rowid = ?", (row_id,)).fetchone()[0]
        prev = c.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
        at = "2026-01-05T10:00:00.000Z"
        content = "|".join([prev, at, "dev-treasurer", "update", "loan_states", str(row_id), before, after])
        c.execute("INSERT INTO audit_log (at, actor, action, table_name, row_id, before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
                  (at, "dev-treasurer", "update", "loan_states", row_id, before, after, prev, hashlib.sha256(content.encode()).hexdigest()))
    service.start()
    _, _, body = call(service, t, "GET", "/api/audit/verify", key=AUDITOR)
    verify = json.loads(body)
    if verify["valid"]:
        t.lost += 1
    t.notes.append(f"verify valid: {verify['valid']}, findings {sorted({f['kind'] for f in verify['findings']})}")
    return t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5097)
    parser.add_argument("--dll", required=True)
    parser.add_argument("--content-root", required=True)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="finance-attack-")
    service = Service(args, folder)
    service.start()
    rows = []
    try:
        for attack in [access_matrix, hostile_input, files_and_exports, unknown_paths_and_headers, concurrency, pages, kill_during_import, tampering]:
            started = time.time()
            tally = attack(service)
            tally.notes.append(f"{time.time() - started:.0f} s")
            rows.append(tally)
            print(tally.row(), flush=True)
    finally:
        service.kill()
    print()
    print(f"load average {open('/proc/loadavg').read().split()[:3]}, {os.cpu_count()} cores; database and log in {folder}")
    print("| attack | requests | 5xx | lost data | notes |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(r.row())
    print(f"| **total** | {sum(r.requests for r in rows)} | {sum(r.errors for r in rows)} | {sum(r.lost for r in rows)} | |")


if __name__ == "__main__":
    main()
