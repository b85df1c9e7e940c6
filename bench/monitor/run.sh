#!/usr/bin/env bash
# Continuous monitoring benchmark (issue #7), one command:
#   (a) delta screening of the OFAC SDN change 2024-03-04 -> 2024-03-05 against 100,000
#       customers (target < 1 s), with the one-off costs (loading the lists and building the
#       matcher, loading the customers, building their index) apart; then the same through
#       the binary (`denylist import` of 2024-03-05 with 100,000 customers registered);
#   (b) replay of the 341 daily SDN versions 2021-05-22 .. 2024-07-02 against 100,000
#       customers with `denylist import --history` (target < 10 min), alerts per day, then
#       `rescreen --all` to count what the deltas missed;
#   (c) full re-screen of 1,000,000 registered customers (`denylist rescreen --all`) against
#       SDN 2024-07-02 + UN 2025-11-20, the lists of bench/batch (target: batch speed, < 60 s).
# Prints wall time, user CPU time, peak memory and the load average (the machine is shared:
# other jobs slow every number); the whole output also goes to bench/runs/<date>-monitor.txt.
#
#   bench/monitor/run.sh [a] [b] [c]      default: a b c
#
# Customer files and data dirs go to ${BENCH_DIR:-/tmp/denylist-monitor-bench} (never into
# the repository).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PARTS=("${@:-a b c}")
# shellcheck disable=SC2206
PARTS=(${PARTS[*]})
DIR=${BENCH_DIR:-/tmp/denylist-monitor-bench}
SHARED=${DENYLIST_SHARED:-$ROOT/../shared/data}
mkdir -p "$DIR" bench/runs
RUN=bench/runs/$(date -u +%Y-%m-%d)-monitor.txt
exec > >(tee "$RUN") 2>&1

cargo build -q --release -p denylist-cli --bin denylist
cargo build -q --release -p denylist-monitor --example monitor_bench
BIN=${CARGO_TARGET_DIR:-target}/release/denylist
DRIVER=${CARGO_TARGET_DIR:-target}/release/examples/monitor_bench
SDN=$SHARED/lists/us-ofac-sdn/history
ARCHIVE=$SDN/sdn_csv_all_versions_2021-05-22_to_2024-07-02.tar.xz

echo "# denylist monitoring benchmark"
echo "machine: $(uname -srm), $(nproc) cpu, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "commit:  $(git rev-parse --short HEAD)$(git diff --quiet -- crates || echo ' (dirty)')"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "uptime:  $(uptime)"

# timed LABEL CMD...: runs CMD under /usr/bin/time, keeps stdout in $DIR/LABEL.out and
# stderr in $DIR/LABEL.err, prints wall, user and system CPU, peak memory and the load.
timed() {
    local label=$1
    shift
    /usr/bin/time -v -o "$DIR/$label.time" "$@" >"$DIR/$label.out" 2>"$DIR/$label.err" || {
        echo "FAILED: $*"
        tail -5 "$DIR/$label.err"
        exit 1
    }
    awk -F': ' -v l="$label" '
        /Elapsed \(wall clock\)/ {w=$2}
        /User time/ {u=$2}
        /System time/ {s=$2}
        /Maximum resident/ {m=$2}
        END {printf "%s: wall %s, user %s s, system %s s, peak %.0f MB\n", l, w, u, s, m/1024}' "$DIR/$label.time"
    echo "  load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

customers() { # N -> path of a CSV of N innocent customers + the five of 2024-03-05
    local f="$DIR/customers-$1.csv"
    [ -s "$f" ] || "$DRIVER" gen "$1" "$f"
    echo "$f"
}

for part in "${PARTS[@]}"; do
case $part in
a)
    echo
    echo "## (a) delta 2024-03-04 -> 2024-03-05, 100,000 customers"
    timed delta_lib "$DRIVER" delta 100000
    cat "$DIR/delta_lib.out"
    echo "-- the same through the binary"
    CSV=$(customers 100000)
    D=$DIR/data-a && rm -rf "$D"
    timed a_customers "$BIN" --data-dir "$D" -q customers import "$CSV"
    cat "$DIR/a_customers.out"
    timed a_0304 "$BIN" --data-dir "$D" -q import "$SDN/2024-03-04/sdn.csv" --as-of 2024-03-04
    grep monitoring "$DIR/a_0304.out"
    timed a_0305 "$BIN" --data-dir "$D" import "$SDN/2024-03-05/sdn.csv" --as-of 2024-03-05
    cat "$DIR/a_0305.out"
    grep -E "delta screened|customer index built|customers loaded" "$DIR/a_0305.err" | sed 's/^/  /'
    ;;
b)
    echo
    echo "## (b) 341 daily SDN versions replayed against 100,000 customers"
    CSV=$(customers 100000)
    D=$DIR/data-b && rm -rf "$D"
    timed b_customers "$BIN" --data-dir "$D" -q customers import "$CSV"
    timed b_history "$BIN" --data-dir "$D" -q import --history "$ARCHIVE"
    tail -1 "$DIR/b_history.out"
    echo "versions: $(grep -c '^imported us-ofac-sdn' "$DIR/b_history.out"), monitoring runs: $(grep -c '^monitoring:' "$DIR/b_history.out")"
    echo "alerts per day (date, new, reopened, delisted, customers screened):"
    grep '^monitoring:' "$DIR/b_history.out" | sed -E \
        's/^monitoring: [^ ]+ [0-9a-f]+ \(([^)]*)\): \+([0-9]+) ~([0-9]+) -([0-9]+) entities, ([0-9]+) of [0-9]+ customers screened: ([0-9]+) new alerts, ([0-9]+) reopened, ([0-9]+) delisted/\1 +\2 ~\3 -\4 entities: \6 new, \7 reopened, \8 delisted (\5 screened)/'
    grep '^monitoring:' "$DIR/b_history.out" | awk '{for(i=1;i<=NF;i++){if($(i+1)=="new"&&$(i+2)=="alerts,")n+=$i; if($(i+1)=="reopened,")r+=$i; if($(i+1)=="delisted")d+=$i}} END {printf "total: %d new alerts, %d reopened, %d delisted\n", n, r, d}'
    echo "-- what the deltas missed: a full re-screen after the replay"
    timed b_rescreen "$BIN" --data-dir "$D" -q rescreen --all
    cat "$DIR/b_rescreen.out"
    LAST=$("$BIN" --data-dir "$D" -q audit export 2>/dev/null | grep '"action":"alert.raised"' | tail -1 |
        sed -E 's/.*"subject":"([^"]*)".*/\1/')
    echo "the last alert raised ($LAST, by the re-screen if it raised one):"
    "$BIN" --data-dir "$D" -q alerts show "$LAST" | sed -n '1,7p' | sed 's/^/    /'
    echo "data dir: $(du -sm "$D" | cut -f1) MB"
    ;;
c)
    echo
    echo "## (c) full re-screen of 1,000,000 registered customers (SDN 2024-07-02 + UN 2025-11-20)"
    CSV=$(customers 1000000)
    D=$DIR/data-c && rm -rf "$D"
    "$BIN" --data-dir "$D" -q import "$SDN/2024-07-02/sdn.csv" --as-of 2024-07-02 >/dev/null
    "$BIN" --data-dir "$D" -q import "$SHARED/lists/un-sc/2025-11-20/consolidated.xml" >/dev/null
    timed c_customers "$BIN" --data-dir "$D" -q customers import "$CSV"
    cat "$DIR/c_customers.out"
    timed c_rescreen "$BIN" --data-dir "$D" -q rescreen --all
    cat "$DIR/c_rescreen.out"
    ;;
*) echo "unknown part $part (a, b or c)"; exit 2 ;;
esac
done
echo
echo "saved to $RUN"
