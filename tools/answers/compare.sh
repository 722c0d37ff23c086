#!/usr/bin/env bash
# Do two versions give the same answers, byte for byte? Builds the service at BASE (a git revision, default main) and
# the working tree, each in Release; starts each on a fresh SQLite database with the reference data (Development, jobs
# off), sends the same requests — green-zone runs (default body, a monthly and a percent-of-value one) and a stored one
# read back, a stress test run and read back, a preview, the 2025-12 snapshot taken and read back, fund returns,
# history, holdings, risk, real value, benchmarks, compliance, debt and liquidity summaries, the regulations and the
# 2025 annual report (HTML and JSON); then percent numbers written with trailing zeros (2.50, 40.0) in a preview and in a
# new version of the regulations, with the holdings, a stress test, a snapshot and the compliance check after it — and
# compares the answers. Only what depends on the clock is masked: createdAt /
# frozenAt / writtenAt, green-zone run ids, the freeze or correction time in a snapshot's label and the audit chain head (which
# chains write times). Content hashes are compared as they are.
#   tools/answers/compare.sh            # main against the working tree
#   tools/answers/compare.sh HEAD~3     # any revision
# Exit status 0 when every answer is the same; the answers stay in the printed folder for a closer look.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:-main}
work=$(mktemp -d)
echo "answers in $work" >&2

git archive "$BASE" | (mkdir -p "$work/base-src" && tar -x -C "$work/base-src")
dotnet build -c Release "$work/base-src/src/Finance.Api" -o "$work/base-bin" --nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build -c Release src/Finance.Api -o "$work/head-bin" --nologo -v q -clp:ErrorsOnly >/dev/null

capture() { # capture OUT BIN PORT
  local out=$1 bin=$2 port=$3 db pid base
  mkdir -p "$out"
  db=$(mktemp -d)/finance.db
  (cd "$bin" && ASPNETCORE_ENVIRONMENT=Development Jobs__Enabled=false ConnectionStrings__Finance="Data Source=$db" \
    exec dotnet Finance.Api.dll --urls "http://127.0.0.1:$port" >"$out/service.log" 2>&1) &
  pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do curl -sf "$base/health" >/dev/null && break; sleep 1; done
  local auth=(-H 'X-Api-Key: dev-treasurer-key' -H 'Content-Type: application/json')
  get() { curl -s -w '\n%{http_code}\n' "${auth[@]}" "$base$2" >"$out/$1.json"; }
  post() { curl -s -w '\n%{http_code}\n' "${auth[@]}" -X POST -d "$3" "$base$2" >"$out/$1.json"; }
  post greenzone-default /api/fund/green-zone '{}'
  post greenzone-percent-of-value /api/fund/green-zone '{"asOf":"2025-12-31","paths":20000,"seed":7,"withdrawal":{"kind":"percentOfValue","pct":3.5}}'
  post greenzone-monthly /api/fund/green-zone '{"asOf":"2025-12-31","paths":5000,"seed":11,"steps":"monthly","withdrawal":{"kind":"fixedReal","amountNok":20000000}}'
  local id
  id=$(grep -o '"id":"[^"]*"' "$out/greenzone-default.json" | head -1 | cut -d'"' -f4 || true)
  get greenzone-stored "/api/fund/green-zone/$id"
  post stress-run /api/stress-tests '{"asOf":"2025-12-31"}'
  id=$(grep -o '"id":[0-9]*' "$out/stress-run.json" | head -1 | cut -d: -f2 || true)
  get stress-stored "/api/stress-tests/$id"
  get stress-list '/api/stress-tests?year=2025'
  post stress-preview /api/stress-tests/preview '{"partOne":{"floatingDebtNok":1000000000,"offsetsNok":200000000,"depositsNok":300000000,"rateShockPct":2,"counterpartyLossPct":5},"partTwo":{"holdings":[{"assetClass":"equities","marketValueNok":400000000},{"assetClass":"bonds","marketValueNok":500000000,"durationYears":3.1}],"rateShockPct":2,"equityShockPct":20},"bufferCapitalNok":150000000,"riskFrame":{"targetNok":100000000,"maxNok":200000000}}'
  post snapshot-run /api/snapshots/2025-12 ''
  get snapshot-stored /api/snapshots/2025-12
  get snapshots /api/snapshots
  get returns '/api/fund/returns?year=2025'
  get returns-history /api/fund/returns/history
  get holdings '/api/fund/holdings?asOf=2025-12-31'
  get risk '/api/fund/risk?asOf=2025-12-31'
  get real-value '/api/fund/real-value?year=2025'
  get benchmarks /api/fund/benchmark-returns
  get compliance '/api/compliance?asOf=2025-12-31'
  get debt '/api/debt/summary?asOf=2025-12-31'
  get liquidity '/api/liquidity/summary?year=2025'
  get policy '/api/policy?asOf=2025-12-31'
  get report-html /api/reports/annual/2025
  get report-json '/api/reports/annual/2025?format=json'
  # Percent numbers written with trailing zeros, in a request and in a new version of the regulations, read back as written.
  post stress-preview-written /api/stress-tests/preview '{"partOne":{"floatingDebtNok":1000000000,"offsetsNok":200000000,"depositsNok":300000000,"rateShockPct":2.50,"counterpartyLossPct":3.0},"partTwo":{"holdings":[{"assetClass":"equities","marketValueNok":400000000}],"rateShockPct":2.50,"equityShockPct":20.00},"bufferCapitalNok":150000000}'
  post written-policy /api/policy/versions '{"validFrom":"2025-12-01","limits":[{"limitId":"fund.alloc.equities","target":40.0,"min":37.0,"max":43.00},{"limitId":"stress.rate_shock","target":2.0},{"limitId":"stress.equity_shock","target":50.00}]}'
  get written-holdings '/api/fund/holdings?asOf=2025-12-31'
  post written-stress-run /api/stress-tests '{"asOf":"2025-12-31"}'
  post written-snapshot-run /api/snapshots/2025-12 ''
  get written-compliance '/api/compliance?asOf=2025-12-31'
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$(dirname "$db")"
}
capture "$work/base" "$work/base-bin" "${PORT:-5097}"
capture "$work/head" "$work/head-bin" "$(( ${PORT:-5097} + 1 ))"

mask() {
  sed -E 's/"(createdAt|frozenAt|writtenAt)":"[^"]*"/"\1":"T"/g; s/"id":"[0-9a-f]{32}"/"id":"G"/g; s/"traceId":"[^"]*"/"traceId":"X"/g;
    s/"auditHead":"[^"]*"/"auditHead":"H"/g; s/(frosset|korrigert) [0-9.]+ [0-9:]+/\1 T/g;
    s/kjedehode da øyeblikksbildet ble frosset: [0-9]+:[0-9a-f]+/kjedehode H/g' "$1"
}
status=0
for f in "$work"/base/*.json; do
  name=$(basename "$f")
  if cmp -s <(mask "$f") <(mask "$work/head/$name"); then
    echo "same       $name ($(wc -c <"$f") bytes, HTTP $(tail -n 1 "$f"))"
  else
    echo "DIFFERENT  $name"; status=1
  fi
done
exit $status
