#!/usr/bin/env bash
# The attack on a local service, re-run: builds the service in Release and runs tools/attack/attack.py, which starts it on
# 127.0.0.1 with a temporary database (Development keys, jobs off), attacks it, stops and restarts it, and prints the
# table of README's trust chapter (what was tried, requests, 5xx, lost data). Bounded: about 3 500 requests and
# 300 000 imported rows, a few minutes on a 2-core machine. Needs python3 (standard library only).
#   tools/attack/run.sh                  # port 5097
#   PORT=5090 tools/attack/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release src/Finance.Api --nologo -v q -clp:ErrorsOnly >/dev/null
exec python3 tools/attack/attack.py --port "${PORT:-5097}" --dll src/Finance.Api/bin/Release/net10.0/Finance.Api.dll --content-root src/Finance.Api
