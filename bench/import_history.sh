#!/usr/bin/env bash
# Import of all 341 daily SDN versions (2021-05-22 .. 2024-07-02) from the
# tar.xz, streamed, into an empty data dir; then a diff between two versions.
# Targets: import < 5 min and data dir < 150 MB; diff < 1 s.
. "$(dirname "$0")/common.sh"
header "import the SDN history (341 versions) and diff two versions"
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
ARCHIVE="$SHARED/lists/us-ofac-sdn/history/sdn_csv_all_versions_2021-05-22_to_2024-07-02.tar.xz"
timed import_history "$BIN" --data-dir "$DATA" -q import --history "$ARCHIVE"
tail -1 "$OUT/import_history.out"
echo "versions: $("$BIN" --data-dir "$DATA" lists --json | grep -c '"entity_count"')"
echo "data dir: $(du -sm "$DATA" | cut -f1) MB ($(du -sh "$DATA" | cut -f1))"

# Latest against the previous version, and across the whole span.
timed diff_latest "$BIN" --data-dir "$DATA" -q diff us-ofac-sdn
sed -n 2p "$OUT/diff_latest.out"
timed diff_span "$BIN" --data-dir "$DATA" -q diff us-ofac-sdn --from 2021-05-22 --to 2024-07-02
sed -n 2p "$OUT/diff_span.out"
timed diff_intellexa "$BIN" --data-dir "$DATA" -q diff us-ofac-sdn --from 2024-03-04 --to 2024-03-05 --json
timed show_history "$BIN" --data-dir "$DATA" -q show us-ofac-sdn:306
grep -E '^(versions|listed since|first seen)' "$OUT/show_history.out"
