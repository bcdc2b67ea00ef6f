#!/usr/bin/env bash
# Scale benchmark (not a test): build release, generate N articles of about
# 3 KB in many stories (examples/gen_scale.rs, streamed to a file), then time
#
#   1. `sitrep ingest` of the N articles into a fresh database,
#   2. the same ingest again (every article unchanged),
#   3. `sitrep ingest` of 1,000 more articles (of the same stories) into it,
#   4. the reading commands over the stored fusion: `stories`, `topics`
#      (its default limit), `claims --topic` of the largest story's first
#      topic and `report --story` of the largest story (JSON, compact as
#      for a program, and indented with --pretty),
#
# printing for each: articles/s, MB/s of input, wall and CPU seconds, peak RSS,
# bytes written to disk, the peak size of the write-ahead log, and the
# database size. The machine's load average is printed too: on a shared
# machine the wall-clock figures depend on it.
#
#   scripts/bench-scale.sh [N=100000] [WORKDIR=a temporary directory]
#
# To time another command over the big store, add a `measure` line at the end:
#   measure "label" ARTICLES INPUT_BYTES "$bin" search --db "$db" troops
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-target}
bin="$target/release/sitrep"
gen="$target/release/examples/gen_scale"
more=1000
stories=$(( n / 100 > 20 ? n / 100 : 20 ))

cargo build --release -q -p sitrep --bin sitrep --example gen_scale

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
# A file's size in bytes (a corpus linked into WORKDIR: the file it points to).
size() { stat -L -c %s "$1" 2>/dev/null || echo 0; }

# measure LABEL ARTICLES INPUT_BYTES COMMAND...: run COMMAND under
# /usr/bin/time, sampling the size of "$db-wal" every 0.2 s, and print one
# line of figures.
measure() {
    local label=$1 articles=$2 bytes=$3
    shift 3
    local log="$work/time.log" wal=0 w
    /usr/bin/time -v "$@" 2>"$log" &
    local pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        w=$(size "$db-wal")
        [ "$w" -gt "$wal" ] && wal=$w
        sleep 0.2
    done
    wait "$pid" || { cat "$log" >&2; exit 1; }
    grep -E '^(ingested|reannotated|removed|fused|sitrep:)' "$log" || true
    awk -F': ' -v label="$label" -v n="$articles" -v b="$bytes" -v wal="$wal" -v db="$(size "$db")" '
        /Elapsed \(wall clock\)/ { k = split($2, t, ":"); s = 0; for (i = 1; i <= k; i++) s = s * 60 + t[i] }
        /User time/ { cpu += $2 } /System time/ { cpu += $2 }
        /Maximum resident set size/ { rss = $2 }
        /File system outputs/ { written = $2 * 512 }
        END {
            printf "%s: %d articles, %.1f MB in %.2f s: %.1f articles/s, %.2f MB/s; CPU %.1f s; peak RSS %.1f MB; wrote %.1f MB to disk; peak WAL %.1f MB; database %.1f MB\n",
                label, n, b / 1e6, s, n / s, b / 1e6 / s, cpu, rss / 1024, written / 1e6, wal / 1e6, db / 1e6 }' "$log"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
corpus="$work/scale-$n.jsonl"
extra="$work/scale-$n-more-$more.jsonl"
start=$(date +%s.%N)
[ -s "$corpus" ] || "$gen" "$n" "$corpus" --stories "$stories"
[ -s "$extra" ] || "$gen" "$more" "$extra" --first "$n" --stories "$stories"
end=$(date +%s.%N)
bytes=$(size "$corpus")
# The size of the largest story, from the story numbers in the URLs (every
# stage reads all its input, so no early exit breaks the pipe under pipefail).
largest=$(grep -o '"url":"[^"]*/stories/[0-9]*/' "$corpus" | sed 's|.*/stories/||' | sort | uniq -c |
    awk '$1 > m { m = $1 } END { print m + 0 }')
awk -v n="$n" -v b="$bytes" -v s="$start" -v e="$end" -v k="$stories" -v l="$largest" 'BEGIN {
    printf "corpus: %d articles, %.1f MB (%.0f bytes a line) in %d stories, the largest %d articles (%.1f%%); generated in %.1f s\n",
        n, b / 1e6, b / n, k, l, 100 * l / n, e - s }'

db="$work/scale.db"
rm -f "$db" "$db-wal" "$db-shm"
measure "ingest" "$n" "$bytes" "$bin" ingest --db "$db" "$corpus"
measure "re-ingest (all unchanged)" "$n" "$bytes" "$bin" ingest --db "$db" "$corpus"
measure "ingest $more more" "$more" "$(size "$extra")" "$bin" ingest --db "$db" "$extra"
# Fusion alone is the "fused N stories ... in S s" line of each ingest above.
story=$("$bin" stories --db "$db" --json | head -n 1 | sed 's/^{"id":"\([^"]*\)".*/\1/')
topic=$("$bin" topics --db "$db" --story "$story" --json --limit 1 2>/dev/null | sed 's/^{"id":"\([^"]*\)".*/\1/')
out="$work/out.txt"
measure "stories" 0 0 sh -c "\"\$0\" stories --db \"\$1\" > \"\$2\"" "$bin" "$db" "$out"
measure "topics" 0 0 sh -c "\"\$0\" topics --db \"\$1\" > \"\$2\"" "$bin" "$db" "$out"
measure "claims --topic $topic" 0 0 sh -c "\"\$0\" claims --db \"\$1\" --json --topic \"\$3\" > \"\$2\"" "$bin" "$db" "$out" "$topic"
measure "report --story $story (JSON)" 0 0 sh -c "\"\$0\" report --db \"\$1\" --format json --story \"\$3\" > \"\$2\"" "$bin" "$db" "$out" "$story"
measure "report --story $story (JSON, --pretty)" 0 0 sh -c "\"\$0\" report --db \"\$1\" --format json --pretty --story \"\$3\" > \"\$2\"" "$bin" "$db" "$out" "$story"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
