#!/usr/bin/env bash
# Import throughput end to end: the service in Release on 127.0.0.1 with an empty database (jobs off, the development
# keys), then one CSV import each of N loans, N valuations and N daily balances (default 50 000), timed by curl from the
# first byte sent to the last byte of the answer. Prints rows/s per import and the service's peak resident memory.
#   tools/measure/imports.sh              # 50 000 rows each
#   ROWS=100000 tools/measure/imports.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5098}
ROWS=${ROWS:-50000}
KEY=dev-treasurer-key
BASE="http://127.0.0.1:$PORT"

folder=$(mktemp -d)
dotnet build -c Release src/Finance.Api --nologo -v q -clp:ErrorsOnly >/dev/null
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Finance="Data Source=$folder/finance.db" \
Finance__SeedDemoData=false \
Jobs__Enabled=false \
Finance__MaxRequestBodyBytes=67108864 \
  dotnet src/Finance.Api/bin/Release/net10.0/Finance.Api.dll --contentRoot "$PWD/src/Finance.Api" --urls "$BASE" >"$folder/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null; rm -rf "$folder"' EXIT
for _ in $(seq 1 300); do
  curl -fs "$BASE/health" >/dev/null && break
  sleep 0.2
done

python3 - "$folder" "$ROWS" <<'PY'
import sys, datetime
folder, n = sys.argv[1], int(sys.argv[2])
with open(f"{folder}/loans.csv", "w") as f:
    f.write("id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation,note\n")
    for i in range(1, n + 1):
        f.write(f"M{i},Kommunalbanken,Serielån,investment,floating,4.25,{1_000_000 + i},2025-12-31,2040-12-31,serial,row {i}\n")
with open(f"{folder}/valuations.csv", "w") as f:
    # Month ends 1900-2200 per placement: 3 612 rows each, as many placements as n needs (created below).
    f.write("date,placementId,marketValueNok\n")
    months = []
    for y in range(1900, 2201):
        for m in range(1, 13):
            months.append(datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1))
    k = 0
    with open(f"{folder}/placements.txt", "w") as p:
        while k < n:
            pid = f"measure-{k // len(months) + 1}"
            p.write(pid + "\n")
            for day in months:
                if k == n: break
                f.write(f"{day.isoformat()},{pid},{1_000_000 + k}\n")
                k += 1
with open(f"{folder}/balances.csv", "w") as f:
    f.write("accountId,date,balanceNok\n")
    start = datetime.date(1950, 1, 1)
    for i in range(n):
        f.write(f"MEASURE,{(start + datetime.timedelta(days=i)).isoformat()},{1_000_000 + i}\n")
PY

curl -fs -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' \
  -d '{"accountId":"MEASURE","name":"Measure account","bank":"Measure bank"}' "$BASE/api/liquidity/accounts" >/dev/null || true

while read -r pid; do
  curl -fs -X PUT -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' \
    -d "{\"placementId\":\"$pid\",\"name\":\"$pid\",\"assetClass\":\"equities\"}" "$BASE/api/fund/placements/$pid" >/dev/null
done <"$folder/placements.txt"

echo "load while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
# CPU seconds the service used (user + system), so a figure on a busy shared machine can be read apart from the wait.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$service/stat"; }
for what in loans:/api/loans/import valuations:/api/fund/valuations/import balances:/api/liquidity/balances/import; do
  name=${what%%:*}; path=${what#*:}
  before=$(cpu)
  out=$(curl -s -o "$folder/$name.out" -w '%{http_code} %{time_total}' -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: text/csv' \
    --data-binary "@$folder/$name.csv" "$BASE$path")
  code=${out% *}; secs=${out#* }
  used=$(python3 -c "print(f'{$(cpu) - $before:.2f}')")
  rate=$(python3 -c "print(f'{$ROWS / $secs:,.0f}'.replace(',', ' '))")
  per_cpu=$(python3 -c "print(f'{$ROWS / max($used, 0.01):,.0f}'.replace(',', ' '))")
  echo "$name: $ROWS rows → HTTP $code in ${secs}s = $rate rows/s; service CPU ${used}s = $per_cpu rows per CPU-second"
  [ "$code" = 200 ] || head -c 600 "$folder/$name.out"
done
echo "service peak resident memory: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$service/status)"
