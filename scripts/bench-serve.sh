#!/usr/bin/env bash
# Load benchmark of `sitrep serve` on loopback (not a test): generate N
# articles (default 10,000) with the scale generator
# (crates/sitrep/examples/gen_scale.rs), ingest them, serve the store, and
# run crates/sitrep-serve/examples/load.rs twice with 32 concurrent
# keep-alive clients on the largest story's page, its largest topic's page
# and JSON, and the search API (bounded by a count and a time): once alone,
# once while 1,000 more articles are posted to POST /api/documents and
# fused in. Each target is asked both at a repeated URI (served from the
# response cache) and at a new URI each time (made afresh; searches with
# words drawn from the corpus, a new query nearly every time). Prints p50, p99
# and requests/s per target, and the server's CPU time per request (which,
# unlike latency, does not depend on what else the machine runs).
#
#   scripts/bench-serve.sh [N=10000] [WORKDIR=a temporary directory]
#
# SITREP_BIN names another sitrep binary to serve (an older build, to
# compare back to back with the same client).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-target}
bin=${SITREP_BIN:-$target/release/sitrep}
more=1000
stories=$(( n / 100 > 20 ? n / 100 : 20 ))
token=bench-$$-$RANDOM

cargo build --release -q -p sitrep --bin sitrep --example gen_scale
cargo build --release -q -p sitrep-serve --example load

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
corpus="$work/serve-$n.jsonl"
extra="$work/serve-$n-more-$more.jsonl"
[ -s "$corpus" ] || "$target/release/examples/gen_scale" "$n" "$corpus" --stories "$stories"
[ -s "$extra" ] || "$target/release/examples/gen_scale" "$more" "$extra" --first "$n" --stories "$stories"
db="$work/serve.db"
rm -f "$db" "$db-wal" "$db-shm"
"$bin" ingest --db "$db" "$corpus"

log="$work/serve.log"
start=$(date +%s.%N)
: >"$log"
SITREP_TOKEN=$token "$bin" serve --db "$db" --addr 127.0.0.1:0 --allow-ingest 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
addr=""
for _ in $(seq 1 600); do
    addr=$(sed -n 's|^serving http://\([^/]*\)/.*|\1|p' "$log")
    [ -n "$addr" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
done
[ -n "$addr" ] || { echo "the server did not start" >&2; exit 1; }
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "server ready (store read and fused) in %.1f s\n", e - s }'
echo "peak RSS of the server so far: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status")"

echo "== load alone"
"$target/release/examples/load" "$addr" --clients 32 --requests 20000 --seconds 60 --pid "$server" --corpus "$corpus"
echo "== varied searches alone (the server's CPU per search)"
"$target/release/examples/load" "$addr" --clients 32 --requests 3000 --seconds 20 --pid "$server" --corpus "$corpus" --only varied
echo "== load during an ingest of $more articles (and the fuse that follows it)"
"$target/release/examples/load" "$addr" --clients 32 --requests 20000 --seconds 90 --ingest "$extra" "$token" --pid "$server" --corpus "$corpus"
echo "peak RSS of the server: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status")"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
