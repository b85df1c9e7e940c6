#!/usr/bin/env bash
# HTTP load on `denylist serve` (127.0.0.1, --no-auth) with the SDN
# (2021-04-25) and UN (2025-11-20) lists loaded: POST /match/default with one
# yente query a request, for DURATION seconds (default 20) at CONNS
# connections (default 16). Prints req/s and p99 latency.
# Needs wrk (`apt-get install -y wrk`) or oha (`cargo install oha`).
. "$(dirname "$0")/common.sh"
header "HTTP API load: POST /match/default"
DURATION="${DURATION:-20}"
CONNS="${CONNS:-16}"
PORT="${PORT:-18787}"
DATA=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$DATA"
}
trap cleanup EXIT

S="$SHARED/lists/us-ofac-sdn/2021-04-25"
"$BIN" --data-dir "$DATA" -q import "$S/sdn.csv" "$S/alt.csv" "$S/add.csv" --as-of 2021-04-25
"$BIN" --data-dir "$DATA" -q import "$SHARED/lists/un-sc/2025-11-20/consolidated.xml" --as-of 2025-11-20

EXAMPLE="$ROOT/target/release/examples/serve"
if "$BIN" serve --help >/dev/null 2>&1; then
    echo "server: $BIN serve --listen 127.0.0.1:$PORT --no-auth"
    "$BIN" --data-dir "$DATA" serve --listen "127.0.0.1:$PORT" --no-auth 2>"$OUT/api_load.server.err" &
elif [ -x "$EXAMPLE" ]; then
    # Before the CLI has `serve`: the server crate's example, same code path.
    echo "server: $EXAMPLE (cargo build --release -p denylist-server --example serve)"
    "$EXAMPLE" "$DATA" "127.0.0.1:$PORT" 2>"$OUT/api_load.server.err" &
else
    echo "no server: build the CLI with serve, or cargo build --release -p denylist-server --example serve" >&2
    exit 2
fi
SERVER_PID=$!
for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/readyz" || { echo "server not ready, see $OUT/api_load.server.err" >&2; exit 1; }
echo

BODY='{"queries":{"q1":{"schema":"Person","properties":{"name":["Nicolas Maduro"],"birthDate":["1962-11-23"],"nationality":["ve"]}}}}'
URL="http://127.0.0.1:$PORT/match/default"
CHECK=$(curl -fsS -H 'Content-Type: application/json' -d "$BODY" "$URL")
echo "check: $(echo "$CHECK" | grep -o '"total":{[^}]*}' | head -1), top: $(echo "$CHECK" | grep -o '"caption":"[^"]*"' | head -1)"

if command -v wrk >/dev/null; then
    LUA="$DATA/post.lua"
    cat >"$LUA" <<LUAEOF
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("requests: %d, errors: %d\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("req/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50: %.2f ms, p99: %.2f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUAEOF
    echo "command: wrk -t2 -c$CONNS -d${DURATION}s -s post.lua $URL"
    wrk -t2 -c"$CONNS" -d"${DURATION}s" -s "$LUA" "$URL" | tail -3
elif command -v oha >/dev/null; then
    echo "command: oha -z ${DURATION}s -c $CONNS -m POST -d BODY $URL"
    oha --no-tui -z "${DURATION}s" -c "$CONNS" -m POST -H 'Content-Type: application/json' -d "$BODY" "$URL" \
        | grep -E "Requests/sec|99.00%|Success rate"
else
    echo "install wrk (apt-get install -y wrk) or oha (cargo install oha)" >&2
    exit 2
fi
