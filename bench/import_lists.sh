#!/usr/bin/env bash
# Import of each national list, one file each, into a fresh data dir through
# `denylist import` (detect + parse + store). Target: each under 1 s (issue
# #3). Builds the release binary first, then prints per file the wall time,
# the peak memory and the entity count.
#
#   bench/import_lists.sh            # all six files
#   RUNS=3 bench/import_lists.sh     # best of 3 runs per file
. "$(dirname "$0")/common.sh"

if [ -z "${DENYLIST_BIN:-}" ]; then
    (cd "$ROOT" && cargo build --release -q -p denylist-cli)
fi
header "import each national list (detect + parse + store)"
RUNS="${RUNS:-1}"
L="$SHARED/lists"

# label|file
FILES=(
    "un_sc_2025_11_20|$L/un-sc/2025-11-20/consolidated.xml"
    "ca_sema_2025_05_25|$L/ca-sema/2025-05-25/sema-lems.xml"
    "au_dfat_2024_11_11|$L/au-dfat/2024-11-11/regulation8_consolidated.xlsx"
    "us_trade_csl_subset_2023|$L/us-trade-csl/2023-11-30-subset/consolidated_subset.csv"
    "gb_hmt_conlist_2018_csv|$L/gb-hmt/2018-04-13/ConList.csv"
    "gb_hmt_conlist_2025_xlsx|$L/gb-hmt/2025-04-10-xlsx/ConList.xlsx"
)

summary=()
over=0
for entry in "${FILES[@]}"; do
    label="import_${entry%%|*}"
    file="${entry#*|}"
    best=""
    for run in $(seq 1 "$RUNS"); do
        DATA=$(mktemp -d)
        timed "$label" "$BIN" --data-dir "$DATA" -q import "$file" >/dev/null
        rm -rf "$DATA"
        secs=$(wall_seconds "$label")
        if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then
            best=$secs
            rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$OUT/$label.time")
            entities=$(sed -n 's/.*: \([0-9]*\) entities.*/\1/p' "$OUT/$label.out")
        fi
    done
    verdict=ok
    if awk "BEGIN{exit !($best >= 1.0)}"; then
        verdict="OVER 1 s"
        over=1
    fi
    summary+=("$(printf '%-26s %6.2f s  %5s MB  %6s entities  %s' "${entry%%|*}" "$best" "$rss" "$entities" "$verdict")")
done

echo
echo "file                         wall      peak RSS   entities   (best of $RUNS)"
printf '%s\n' "${summary[@]}"
exit $over
