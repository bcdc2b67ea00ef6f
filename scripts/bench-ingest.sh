#!/usr/bin/env bash
# End-to-end ingest benchmark: build release, generate N articles from the demo
# corpus (examples/gen_corpus.rs), time `sitrep ingest` into a fresh database,
# then time a second ingest of the same articles, a search, and the HTML
# report over the whole database.
#
#   scripts/bench-ingest.sh [N=10000] [WORKDIR=a temporary directory]
#
# Prints articles/s, MB/s of input and peak RSS (from /usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-target}

cargo build --release -q -p sitrep --bin sitrep --example gen_corpus
corpus="$work/corpus-$n.jsonl"
[ -s "$corpus" ] || "$target/release/examples/gen_corpus" "$n" "$corpus"
db="$work/bench.db"
rm -f "$db" "$db-wal" "$db-shm"

log="$work/time.log"
/usr/bin/time -v "$target/release/sitrep" ingest --db "$db" "$corpus" 2>"$log"
grep '^ingested' "$log"
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
bytes=$(stat -c %s "$corpus")
dbbytes=$(stat -c %s "$db")
awk -v n="$n" -v s="$secs" -v b="$bytes" -v r="$rss" -v d="$dbbytes" 'BEGIN {
    printf "ingest: %d articles, %.1f MB in %.2f s: %.1f articles/s, %.2f MB/s, peak RSS %.1f MB, database %.1f MB\n",
        n, b / 1e6, s, n / s, b / 1e6 / s, r / 1024, d / 1e6 }'

start=$(date +%s.%N)
"$target/release/sitrep" ingest --db "$db" "$corpus" 2>&1 | grep '^ingested'
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "re-ingest (every article unchanged: read and looked up, not annotated): %.2f s, %.1f articles/s\n", e - s, n / (e - s) }'

start=$(date +%s.%N)
hits=$("$target/release/sitrep" search --db "$db" --json --limit 1000 "troops" | wc -l)
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v h="$hits" 'BEGIN { printf "search: %d hits for \"troops\" in %.3f s\n", h, e - s }'

# The report: load every document, fuse, render the HTML dossier.
/usr/bin/time -v "$target/release/sitrep" report --db "$db" --out "$work/report.html" 2>"$log"
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
awk -v n="$n" -v s="$secs" -v r="$rss" -v b="$(stat -c %s "$work/report.html")" 'BEGIN {
    printf "report: %d articles fused and rendered in %.2f s, peak RSS %.1f MB, HTML %.1f MB\n", n, s, r / 1024, b / 1e6 }'
