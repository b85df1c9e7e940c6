#!/usr/bin/env bash
# HTTP load on `denylist serve` (127.0.0.1, --no-auth) with OFAC SDN
# (2024-07-02) and UN (2025-11-20) imported: POST /match/default, one yente
# query a request, bodies cycling through the 4,320 labelled dev queries
# (persons, organizations, vessels; listed names under variations and
# innocent names; a third with a birth date), for DURATION seconds (default
# 20) at CONNS connections (default 16) from one wrk thread (wrk shares the
# 2 cores with the server). Prints req/s, p50/p99 latency, errors and the
# server's peak RSS.
#
#   cargo build --release -p denylist-cli && bench/api_load.sh
#   DURATION=30 CONNS=32 bench/api_load.sh
#
# Needs wrk (`apt-get install -y wrk`) and jq.
. "$(dirname "$0")/common.sh"
header "HTTP API load: POST /match/default"
DURATION="${DURATION:-20}"
CONNS="${CONNS:-16}"
THREADS="${THREADS:-1}"
PORT="${PORT:-18787}"
WORKERS="${WORKERS:-}"
DATA=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$DATA"
}
trap cleanup EXIT
for tool in wrk jq curl; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y $tool)" >&2; exit 2; }
done

SDN="$SHARED/lists/us-ofac-sdn/history/2024-07-02/sdn.csv"
UN="$SHARED/lists/un-sc/2025-11-20/consolidated.xml"
QUERIES="$SHARED/eval/dev/queries_input.jsonl"
"$BIN" --data-dir "$DATA" -q import "$SDN" --as-of 2024-07-02 >/dev/null
"$BIN" --data-dir "$DATA" -q import "$UN" --as-of 2025-11-20 >/dev/null
echo "lists:   $SDN, $UN"

SERVE_ARGS=(serve --listen "127.0.0.1:$PORT" --no-auth)
[ -n "$WORKERS" ] && SERVE_ARGS+=(--workers "$WORKERS")
echo "server:  $BIN ${SERVE_ARGS[*]}"
"$BIN" --data-dir "$DATA" "${SERVE_ARGS[@]}" 2>"$OUT/api_load.server.err" &
SERVER_PID=$!
for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
    sleep 0.2
done
echo "ready:   $(curl -fsS "http://127.0.0.1:$PORT/readyz")" || { echo "server not ready, see $OUT/api_load.server.err" >&2; exit 1; }
RSS_IDLE=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status")

# One yente body a dev query: {"queries": {"q": {"schema", "properties":
# {"name", "birthDate"?, "country"?}}}}, as a Lua table of strings.
URL="http://127.0.0.1:$PORT/match/default"
LUA="$DATA/match.lua"
{
    echo 'bodies = {'
    jq -c '{queries: {q: {schema: .schema, properties: ({name: [.name]}
             + (if .dob then {birthDate: [.dob]} else {} end)
             + (if .country then {country: [.country]} else {} end))}}} | tojson' "$QUERIES" \
        | sed 's/$/,/'
    echo '}'
    cat <<'LUAEOF'
requests = {}
counter = 0
init = function(args)
  for i, b in ipairs(bodies) do
    requests[i] = wrk.format("POST", nil, {["Content-Type"] = "application/json"}, b)
  end
end
request = function()
  counter = counter % #requests + 1
  return requests[counter]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests: %d in %.1f s, errors: %d (status %d, connect %d, read %d, write %d, timeout %d)\n",
    summary.requests, summary.duration / 1e6, e.status + e.connect + e.read + e.write + e.timeout,
    e.status, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("req/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUAEOF
} >"$LUA"
echo "bodies:  $(wc -l <"$QUERIES") dev queries ($QUERIES), e.g. $(jq -c '{queries: {q: {schema: .schema, properties: {name: [.name], birthDate: [.dob]}}}}' <(sed -n 2p "$QUERIES"))"

# Correctness check before timing: a listed person is found.
CHECK=$(curl -fsS -H 'Content-Type: application/json' "$URL" \
    -d '{"queries":{"q1":{"schema":"Person","properties":{"name":["Nicolas Maduro Moros"],"birthDate":["1962-11-23"]}}}}')
echo "check:   Nicolas Maduro Moros -> $(echo "$CHECK" | jq -c '[.responses.q1.results[0] | .id, .caption, .score, .match]')"
echo "$CHECK" | jq -e '.responses.q1.results[0].match == true' >/dev/null || { echo "check failed" >&2; exit 1; }

# Warm up (page faults, allocator), then measure.
wrk -t"$THREADS" -c"$CONNS" -d3s -s "$LUA" "$URL" >/dev/null
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
echo "command: wrk -t$THREADS -c$CONNS -d${DURATION}s -s match.lua $URL"
CPU0=$(cpu_ticks)
wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s "$LUA" "$URL" | sed -n '/^requests:/,$p' | tee "$DATA/wrk.out"
CPU1=$(cpu_ticks)
REQS=$(awk '/^requests:/ {print $2}' "$DATA/wrk.out")
awk -v t=$((CPU1 - CPU0)) -v hz="$(getconf CLK_TCK)" -v n="$REQS" -v d="$DURATION" \
    'BEGIN {printf "server CPU: %.1f s over %s s (%.2f cores), %.0f us per request\n", t/hz, d, t/hz/d, t/hz*1e6/n}'
RSS_PEAK=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status")
echo "server memory: ${RSS_IDLE} MB RSS when ready, peak ${RSS_PEAK} MB (VmHWM)"
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^denylist_(queries|matches)_total' | tr '\n' ' '
echo
echo "load after: $(cut -d" " -f1-3 /proc/loadavg)"
