#!/usr/bin/env bash
# Year-end generation and the leader's reports on a seed:scale database on PostgreSQL (docs/PERFORMANCE.md,
# "PostgreSQL at 100,000 members"). The database is filled first with
#   DATABASE_URL=... npm run seed:scale -- --members 100000
# then: DATABASE_URL=... bench/pg-scale.sh [port]   (the built server, dist/; prints one line per figure)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must name the seeded PostgreSQL database}"
PORT=${1:-3950}
API="http://127.0.0.1:$PORT/api"
echo "when $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "members $(psql "$DATABASE_URL" -Atc 'SELECT count(*) FROM member')"
echo "database $(psql "$DATABASE_URL" -Atc 'SELECT pg_size_pretty(pg_database_size(current_database()))')"
ROOT=$(psql "$DATABASE_URL" -Atc "SELECT o.id FROM organization o JOIN role_assignment r ON r.\"organizationId\" = o.id
  JOIN user_account u ON u.id = r.\"userId\" WHERE u.username = 'ld-tinh'")
NODE_ENV=production JWT_SECRET=pg-scale-measurement-secret-0123456789 LOG_LEVEL=warn PORT=$PORT HOST=127.0.0.1 \
  DOCS_ENABLED=false TZ=UTC node dist/src/main.js >/tmp/pg-scale-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until curl -sf "$API/health/ready" >/dev/null; do sleep 0.5; done
TOKEN=$(curl -sf -H 'content-type: application/json' -d '{"username":"ld-tinh","password":"Camket-scale-2026"}' \
  "$API/auth/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).accessToken))')
AUTH="authorization: Bearer $TOKEN"
timed() { # name, curl arguments...: prints the status, seconds and size of one request
  local name=$1; shift
  curl -s -o /tmp/pg-scale-body -w "$name: status %{http_code}, %{time_total} s, %{size_download} bytes\n" -H "$AUTH" "$@"
}
timed 'overview (json), computed' "$API/reports/overview?organizationId=$ROOT&year=2026"
timed 'overview (json), cached' "$API/reports/overview?organizationId=$ROOT&year=2026"
timed 'organizations: per-child table (json), computed' "$API/reports/organizations?organizationId=$ROOT&year=2026"
CYCLE=$(curl -sf -H "$AUTH" -H 'content-type: application/json' -d "{\"organizationId\":\"$ROOT\",\"year\":2026}" \
  "$API/evaluation-cycles" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
timed 'year-end generation (whole tree)' -X POST "$API/evaluation-cycles/$CYCLE/generate"
node -e 'const r=JSON.parse(require("fs").readFileSync("/tmp/pg-scale-body","utf8")).result;console.log("generated "+JSON.stringify(r))'
echo "server peak RSS $(awk '/VmHWM/ {print int($2/1024)}' /proc/$SERVER/status) MiB"
timed 'overview (json) after generation, computed' "$API/reports/overview?organizationId=$ROOT&year=2026"
timed 'classification list (xlsx), computed' "$API/reports/classification?organizationId=$ROOT&year=2026&format=xlsx"
echo "load average after $(cut -d' ' -f1-3 /proc/loadavg)"
