# Shared by the bench scripts: machine/commit header, paths, a timed run.
# Source it: `. "$(dirname "$0")/common.sh"`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${DENYLIST_SHARED:-$ROOT/../shared/data}"
BIN="${DENYLIST_BIN:-$ROOT/target/release/denylist}"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"

header() {
    echo "# $1"
    echo "machine: $(uname -srm), $(nproc) cpu, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
    echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "commit:  $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet -- crates || echo ' (dirty)')"
    echo "binary:  $BIN"
    echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "load:    $(cut -d" " -f1-3 /proc/loadavg) (1/5/15 min; other jobs on the machine slow every number)"
    if [ ! -x "$BIN" ]; then
        echo "build it first: cargo build --release -p denylist-cli" >&2
        exit 2
    fi
}

# timed LABEL CMD...: runs CMD under /usr/bin/time -v, prints wall seconds
# and peak RSS, keeps stdout/stderr in $OUT/LABEL.{out,err}.
timed() {
    local label="$1"
    shift
    echo "command: $*"
    /usr/bin/time -v -o "$OUT/$label.time" "$@" >"$OUT/$label.out" 2>"$OUT/$label.err" || {
        echo "FAILED ($label), see $OUT/$label.err" >&2
        tail -5 "$OUT/$label.err" >&2
        exit 1
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/$label.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$OUT/$label.time")
    echo "$label: wall $wall (m:ss), peak memory ${rss} MB"
}

# wall_seconds LABEL: the wall time of a timed run in seconds.
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/$1.time"
}
