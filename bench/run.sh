#!/usr/bin/env bash
# creditreport performance benchmark: creditreport vs the same aggregation in DuckDB.
#
#   bench/run.sh [OUTDIR]          (default OUTDIR /tmp/creditreport-bench)
#
# Environment: RUNS (timed runs per tool, default 5; one untimed warm-up first),
#   CUSTOMERS / ITEMS / SEED (generator size when OUTDIR has no data; 200000 / 10000000 / 42),
#   THREADS (DuckDB threads, default nproc), SKIP_CREDITREPORT=1, SKIP_DUCKDB=1,
#   CREDITREPORT (binary, default .build/release/creditreport of this repo).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
OUTDIR="${1:-/tmp/creditreport-bench}"
RUNS="${RUNS:-5}"
CUSTOMERS="${CUSTOMERS:-200000}"
ITEMS="${ITEMS:-10000000}"
SEED="${SEED:-42}"
THREADS="${THREADS:-$(nproc)}"
BIN="${CREDITREPORT:-$REPO/.build/release/creditreport}"
PY="${PYTHON:-python3}"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time" >&2
    (apt-get update -qq && apt-get install -y -qq time) >&2
fi

if [ ! -s "$OUTDIR/items.csv" ] || [ ! -s "$OUTDIR/creditreport.yml" ]; then
    echo "generating data into $OUTDIR ($CUSTOMERS customers, $ITEMS items, seed $SEED)" >&2
    /usr/bin/time -f 'generator: %e s wall, %M KB peak RSS' \
        "$PY" "$HERE/generate.py" "$OUTDIR" --customers "$CUSTOMERS" --items "$ITEMS" --seed "$SEED"
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "n/a"; exit}
    if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# bench NAME CMD... : one warm-up, then RUNS timed runs; appends "wall rss_kb" lines to $TMP/NAME
bench() {
    local name="$1"; shift
    echo "== $name: warm-up" >&2
    "$@" > "$TMP/$name.warmup.out" 2> "$TMP/$name.warmup.err" || {
        echo "$name failed (exit $?):" >&2; tail -20 "$TMP/$name.warmup.err" >&2; return 1; }
    : > "$TMP/$name.times"; : > "$TMP/$name.qs"
    for i in $(seq 1 "$RUNS"); do
        /usr/bin/time -f '%e %M %U %S' -o "$TMP/$name.t" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err" || {
            echo "$name run $i failed:" >&2; tail -20 "$TMP/$name.err" >&2; return 1; }
        cat "$TMP/$name.t" >> "$TMP/$name.times"
        # DuckDB prints its own in-process query time
        grep '^duckdb_seconds:' "$TMP/$name.out" | awk '{print $2}' >> "$TMP/$name.qs" || true
        echo "   run $i: $(cat "$TMP/$name.t" | awk '{printf "%s s, %.1f MiB, %.2f CPU-s", $1, $2/1024, $3+$4}')" >&2
    done
}

ROWS=()
if [ "${SKIP_CREDITREPORT:-0}" != 1 ] && [ -x "$BIN" ]; then
    if bench creditreport "$BIN" run --config "$OUTDIR/creditreport.yml"; then
        ROWS+=("creditreport|$(awk '{print $1}' "$TMP/creditreport.times" | median)|$(awk '{print $2/1024}' "$TMP/creditreport.times" | median)|$(awk '{print $3+$4}' "$TMP/creditreport.times" | median)")
    fi
elif [ "${SKIP_CREDITREPORT:-0}" != 1 ]; then
    echo "== creditreport: $BIN not found, skipped (swift build -c release first)" >&2
fi

if [ "${SKIP_DUCKDB:-0}" != 1 ]; then
    "$PY" -c 'import duckdb' 2>/dev/null || "$PY" -m pip install -q duckdb >&2
    if bench duckdb "$PY" "$HERE/duckdb_same.py" "$OUTDIR" --threads "$THREADS" --json "$TMP/duckdb.json"; then
        ROWS+=("duckdb (whole process, $THREADS threads)|$(awk '{print $1}' "$TMP/duckdb.times" | median)|$(awk '{print $2/1024}' "$TMP/duckdb.times" | median)|$(awk '{print $3+$4}' "$TMP/duckdb.times" | median)")
    fi
fi

echo
echo "## creditreport benchmark"
echo
echo "- data: $OUTDIR, items.csv $(stat -c %s "$OUTDIR/items.csv" | awk '{printf "%.1f MiB (%d bytes)", $1/1048576, $1}'), $(($(wc -l < "$OUTDIR/items.csv") - 1)) item rows, $(($(wc -l < "$OUTDIR/customers.csv") - 1)) customers"
echo "- machine: nproc $(nproc), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo); $RUNS timed runs per tool after 1 warm-up"
if [ -s "$TMP/duckdb.times" ]; then
    echo "- DuckDB $("$PY" -c 'import duckdb; print(duckdb.__version__)'): median in-process query time $(median < "$TMP/duckdb.qs") s (connect to last result)"
fi
if [ -s "$TMP/duckdb.out" ]; then
    echo "- DuckDB figures (last run):"; echo; echo '```'; grep -v '^duckdb_seconds' "$TMP/duckdb.out"; echo '```'
fi
echo
# CPU seconds (user + system) as well: how much of the two cores a run kept busy (CPU over wall).
echo "| tool | median wall s | median peak RSS MiB | median CPU s |"
echo "|---|---:|---:|---:|"
for r in "${ROWS[@]}"; do
    IFS='|' read -r t w m c <<< "$r"
    printf '| %s | %.2f | %.1f | %.2f |\n' "$t" "$w" "$m" "$c"
done

# cross-check the headline figures when both tools ran
MJ="$OUTDIR/out/metrics.json"
if [ -s "$TMP/duckdb.json" ] && [ -s "$MJ" ] && [ -s "$TMP/creditreport.times" ]; then
    echo
    "$PY" - "$MJ" "$TMP/duckdb.json" <<'EOF'
import json, sys
m, d = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
p, c = m.get("portfolio", {}), m.get("concentration", {}).get("customer", {})
print("| figure | creditreport | duckdb | match |")
print("|---|---:|---:|---|")
for name, a, b in [("gross_ar", p.get("gross_ar"), d["gross_ar"]), ("credits", p.get("credits"), d["credits"]),
                   ("net_ar", p.get("net_ar"), d["net_ar"]), ("overdue", p.get("overdue"), d["overdue"]),
                   ("customer hhi", c.get("hhi"), d["hhi"])]:
    ok = a is not None and abs(float(a) - float(b)) <= (1e-9 if name.endswith("hhi") else 0.005)
    print(f"| {name} | {a} | {b} | {'yes' if ok else 'NO'} |")
EOF
fi
