#!/usr/bin/env bash
# The API checks from outside the service: starts the built service on a temporary SQLite file (reference data
# loaded), saves the served OpenAPI document, lints it with Spectral and Redocly, generates a typed client from it
# and runs the smoke scenario, then drives Swagger UI and the HTML annual report in headless Debian chromium.
# Needs: a built solution (dotnet build), `npm ci` done here, Debian's chromium (/usr/bin/chromium, or CHROMIUM).
# Prints `api-checks: N passed, M failed` and exits non-zero when anything failed.
#
#   FINANCE_API_DLL   the service to start (default: the Debug build of src/Finance.Api)
#   API_CHECKS_DIR    where the database, the saved document, logs and screenshots go (default: a new temp folder)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dll="${FINANCE_API_DLL:-$repo/src/Finance.Api/bin/Debug/net10.0/Finance.Api.dll}"
out="${API_CHECKS_DIR:-$(mktemp -d -t api-checks.XXXXXX)}"
mkdir -p "$out"
bin="$here/node_modules/.bin"
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
summary() { echo "api-checks: $passed passed, $failed failed"; }

if [[ ! -f "$dll" ]]; then
  echo "No built service at $dll: run dotnet build first." >&2
  fail "service built"; summary; exit 1
fi
if [[ ! -x "$bin/spectral" ]]; then
  echo "No node_modules in $here: run npm ci there first." >&2
  fail "npm packages installed"; summary; exit 1
fi

# A free port on the loopback, so parallel runs on one machine do not collide.
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port"
echo "api-checks: service at $base, files in $out"

ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Finance="Data Source=$out/finance.db" \
Jobs__Enabled=false \
  dotnet "$dll" --urls "$base" --contentRoot "$(dirname "$dll")" >"$out/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null; wait "$service" 2>/dev/null' EXIT

up=false
for _ in $(seq 1 120); do
  if curl -fsS "$base/health" >/dev/null 2>&1; then up=true; break; fi
  if ! kill -0 "$service" 2>/dev/null; then break; fi
  sleep 0.5
done
if [[ "$up" != true ]]; then
  echo "The service did not become healthy; its log:" >&2
  tail -50 "$out/service.log" >&2
  fail "service healthy"; summary; exit 1
fi
pass "service healthy (/health)"

doc="$out/openapi.json"
if curl -fsS "$base/swagger/v1/swagger.json" -o "$doc"; then
  pass "OpenAPI document served (/swagger/v1/swagger.json)"
else
  fail "OpenAPI document served"; summary; exit 1
fi

cd "$here"

# Lint: both fail only on errors; warnings are printed for the reader.
if "$bin/spectral" lint "$doc" --ruleset "$here/.spectral.yaml" --fail-severity error --format stylish; then
  pass "Spectral (spectral:oas): no errors"
else
  fail "Spectral (spectral:oas) found errors"
fi
if "$bin/redocly" lint "$doc" --config "$here/redocly.yaml" --format stylish; then
  pass "Redocly (recommended): no errors"
else
  fail "Redocly (recommended) found errors"
fi

# The typed client: types generated from the served document; the scenarios are type-checked against them (a
# renamed field or operation breaks the compile), then run against the service: the smoke scenario (openapi-fetch),
# then the browser test (Swagger UI and the HTML report in headless chromium). Screenshots land in $out.
mkdir -p generated
if "$bin/openapi-typescript" "$doc" --output generated/finance-api.d.ts \
   && "$bin/tsc" -p tsconfig.json; then
  pass "typed client generated, and the scenarios compile against it"
  results="$out/results.txt"
  : >"$results"
  node dist/document.js "$doc" | tee -a "$results"
  API_BASE="$base" API_CHECKS_DIR="$out" node dist/smoke.js | tee -a "$results"
  if [[ -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
    API_BASE="$base" API_CHECKS_DIR="$out" node dist/browser.js | tee -a "$results"
  else
    printf 'FAIL browser test: no chromium at %s (apt-get install chromium)\nDONE browser\n' "${CHROMIUM:-/usr/bin/chromium}" | tee -a "$results"
  fi
  passed=$((passed + $(grep -c '^PASS ' "$results")))
  failed=$((failed + $(grep -c '^FAIL ' "$results")))
  # A scenario that died before reporting is a failure too.
  grep -q '^DONE document' "$results" || fail "document check ran to the end"
  grep -q '^DONE smoke' "$results" || fail "smoke scenario ran to the end"
  grep -q '^DONE browser' "$results" || fail "browser test ran to the end"
else
  fail "typed client generated, and the scenarios compile against it"
fi

summary
[[ "$failed" -eq 0 ]]
