#!/usr/bin/env bash
# The debt figures with a large loan register: the service in Release on 127.0.0.1 with a fresh database (reference
# data, jobs off, the development keys), N generated loans imported (tools/load/loans.awk), then the time of
#   the first GET /api/debt/summary after the import, the same again (kept), the day before (computed again, with the
#   code compiled by then), a date with half the loans, the compliance check,
#   POST /api/snapshots/2025-12 (the first, which stores it) and the same POST again (unchanged: same hash),
# each with the service's CPU time for it.
#   tools/load/debt.sh                  # 20 000 loans
#   LOANS=210000 tools/load/debt.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5098}
LOANS=${LOANS:-20000}
BASE="http://127.0.0.1:$PORT"

if curl -s -o /dev/null "$BASE/health"; then echo "port $PORT is in use by another process: set PORT" >&2; exit 1; fi
folder=$(mktemp -d)
dotnet build -c Release src/Finance.Api --nologo -v q -clp:ErrorsOnly >/dev/null
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Finance="Data Source=$folder/finance.db" \
Jobs__Enabled=false \
  dotnet src/Finance.Api/bin/Release/net10.0/Finance.Api.dll --contentRoot "$PWD/src/Finance.Api" --urls "$BASE" >"$folder/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null; grep -iE "fail|exception|abort" "$folder/service.log" | head -5; rm -rf "$folder"' EXIT

for _ in $(seq 1 300); do
  curl -fs "$BASE/health" >/dev/null && break
  sleep 0.2
done

# The service's CPU time so far in clock ticks (user + system, /proc/PID/stat fields 14 and 15): under other processes'
# load the wall time of a request grows, its CPU time much less.
ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$service/stat"; }

# One request: prints "label  status  seconds (wall)  seconds of the service's CPU".
timed() {
  local label=$1 method=$2 path=$3 key=$4
  shift 4
  local before result
  before=$(cpu)
  result=$(curl -s -o "$folder/last.json" -w "%{http_code} %{time_total}" -X "$method" -H "X-Api-Key: $key" "$@" "$BASE$path")
  awk -v l="$label" -v r="$result" -v b="$before" -v a="$(cpu)" -v t="$ticks" 'BEGIN { split(r, x, " "); printf "  %-46s %s %8.3f s  cpu %6.2f s\n", l, x[1], x[2], (a - b) / t }'
}

awk -v N="$LOANS" -f tools/load/loans.awk >"$folder/loans.csv"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores; $LOANS generated loans + the reference data's 68"
timed "POST /api/loans/import ($LOANS rows)" POST /api/loans/import dev-treasurer-key -H 'Content-Type: text/csv' --data-binary "@$folder/loans.csv"
timed "GET /api/debt/summary?asOf=2025-12-31 (first)" GET "/api/debt/summary?asOf=2025-12-31" dev-viewer-key
timed "GET /api/debt/summary?asOf=2025-12-31 (again)" GET "/api/debt/summary?asOf=2025-12-31" dev-viewer-key
timed "GET /api/debt/summary?asOf=2025-12-30 (computed)" GET "/api/debt/summary?asOf=2025-12-30" dev-viewer-key
timed "GET /api/debt/summary?asOf=2025-06-30" GET "/api/debt/summary?asOf=2025-06-30" dev-viewer-key
timed "GET /api/compliance?asOf=2025-12-31" GET "/api/compliance?asOf=2025-12-31" dev-auditor-key
timed "POST /api/snapshots/2025-12 (stores it)" POST "/api/snapshots/2025-12" dev-treasurer-key
timed "POST /api/snapshots/2025-12 (unchanged)" POST "/api/snapshots/2025-12" dev-treasurer-key
