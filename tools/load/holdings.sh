#!/usr/bin/env bash
# Load test of GET /api/fund/holdings: the service in Release on 127.0.0.1 with a fresh database (reference data, jobs
# off, the development keys), a 5 s warm-up, then wrk. Needs wrk (apt-get install wrk).
#   tools/load/holdings.sh                 # 2 threads, 32 connections, 15 s
#   THREADS=2 CONNECTIONS=64 DURATION=30s tools/load/holdings.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5099}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15s}
URL="http://127.0.0.1:$PORT/api/fund/holdings?asOf=2025-12-31"
KEY=dev-viewer-key

folder=$(mktemp -d)
dotnet build -c Release src/Finance.Api --nologo -v q -clp:ErrorsOnly >/dev/null
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Finance="Data Source=$folder/finance.db" \
Jobs__Enabled=false \
  dotnet src/Finance.Api/bin/Release/net10.0/Finance.Api.dll --contentRoot "$PWD/src/Finance.Api" --urls "http://127.0.0.1:$PORT" >"$folder/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null; rm -rf "$folder"' EXIT

for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break
  sleep 0.2
done
status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $KEY" "$URL")
[ "$status" = 200 ] || { echo "GET $URL answered $status" >&2; cat "$folder/service.log" >&2; exit 1; }

echo "load while testing: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "X-Api-Key: $KEY" "$URL" >/dev/null
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'X-Api-Key: $KEY' '$URL'"
# What else used the CPU (the machine may be shared), sampled 5 s into the run.
(sleep 5; echo "busiest processes 5 s into the run (%CPU since start, command):"; ps -eo pcpu,etimes,args --sort=-pcpu | awk -v me=$$ 'NR>1 && NR<7 {print "  " substr($0, 1, 140)}') &
sampler=$!
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "X-Api-Key: $KEY" "$URL"
wait $sampler
