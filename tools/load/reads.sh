#!/usr/bin/env bash
# The read endpoints against /health in one run: the service in Release on 127.0.0.1 with a fresh database (reference
# data, jobs off, the development keys), a warm-up, then wrk -t2 -c32 for DURATION on each of
#   /health, GET /api/fund/returns?year=2025, GET /api/debt/summary?asOf=2025-12-31,
#   GET /api/fund/holdings at random dates 2026–2190 (tools/load/random-holdings.lua),
# and each one's requests/s as a multiple of /health's. Needs wrk (apt-get install wrk).
#   tools/load/reads.sh                    # 10 s each
#   DURATION=20s tools/load/reads.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5097}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10s}
BASE="http://127.0.0.1:$PORT"
KEY=dev-viewer-key

if curl -s -o /dev/null "$BASE/health"; then echo "port $PORT is in use by another process: set PORT" >&2; exit 1; fi
folder=$(mktemp -d)
dotnet build -c Release src/Finance.Api --nologo -v q -clp:ErrorsOnly >/dev/null
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Finance="Data Source=$folder/finance.db" \
Jobs__Enabled=false \
Logging__LogLevel__Default=Warning \
  dotnet src/Finance.Api/bin/Release/net10.0/Finance.Api.dll --contentRoot "$PWD/src/Finance.Api" --urls "$BASE" >"$folder/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null; rm -rf "$folder"' EXIT

for _ in $(seq 1 300); do
  curl -fs "$BASE/health" >/dev/null && break
  sleep 0.2
done
for path in /api/fund/returns?year=2025 /api/debt/summary?asOf=2025-12-31 /api/fund/holdings?asOf=2100-01-01; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $KEY" "$BASE$path")
  [ "$status" = 200 ] || { echo "GET $path answered $status" >&2; cat "$folder/service.log" >&2; exit 1; }
done

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
# Warm-up: every endpoint for 3 s.
for path in /health /api/fund/returns?year=2025 /api/debt/summary?asOf=2025-12-31; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H "X-Api-Key: $KEY" "$BASE$path" >/dev/null
done
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H "X-Api-Key: $KEY" -s tools/load/random-holdings.lua "$BASE" >/dev/null

# One measurement: prints "name  requests/s  p50  p99".
measure() {
  local name=$1
  shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "X-Api-Key: $KEY" "$@" >"$folder/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$folder/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$folder/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$folder/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$folder/wrk.txt")
  echo "$name $rps $p50 $p99 ${errors:-0}"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'X-Api-Key: $KEY' <url>   (holdings: -s tools/load/random-holdings.lua)"
(sleep 5; echo "busiest processes 5 s into the run (%CPU since start, command):"; ps -eo pcpu,etimes,args --sort=-pcpu | awk 'NR>1 && NR<7 {print "  " substr($0, 1, 140)}') >"$folder/ps.txt" &
{
  measure /health "$BASE/health"
  measure "/api/fund/returns?year=2025" "$BASE/api/fund/returns?year=2025"
  measure "/api/debt/summary?asOf=2025-12-31" "$BASE/api/debt/summary?asOf=2025-12-31"
  measure "/api/fund/holdings?asOf=random(2026..2190)" -s tools/load/random-holdings.lua "$BASE"
} | awk 'NR == 1 {health = $2} {printf "  %-44s %10.0f req/s  %5.2f× /health  p50 %-8s p99 %-8s non-2xx %s\n", $1, $2, $2 / health, $3, $4, $5}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
cat "$folder/ps.txt"
