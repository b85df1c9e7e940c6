#!/usr/bin/env bash
# Import of one full SDN version: the 2024-07-02 sdn.csv with the 2026-06
# alt.csv and add.csv, into an empty data dir. Targets: < 1.5 s, < 300 MB.
. "$(dirname "$0")/common.sh"
header "import one full SDN version"
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
H="$SHARED/lists/us-ofac-sdn"
timed import_one "$BIN" --data-dir "$DATA" -q import \
    "$H/history/2024-07-02/sdn.csv" "$H/2026-06-02-add-alt-only/alt.csv" "$H/2026-06-02-add-alt-only/add.csv" \
    --as-of 2024-07-02
cat "$OUT/import_one.out"
echo "data dir: $(du -sm "$DATA" | cut -f1) MB"
