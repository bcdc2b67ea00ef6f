#!/usr/bin/env bash
# Fuzz every reader and the annotator for SECONDS (default 60): a mutation
# loop over the demo corpus and the test fixtures (crates/sitrep/tests/fuzz.rs).
#
# Usage: scripts/fuzz.sh [SECONDS]
#   SITREP_FUZZ_CORPUS=DIR  adds the files under DIR as seeds (real pages,
#                           e.g. ../shared/eval/article-extraction/pages)
#   SITREP_FUZZ_SEED=N      replays a run (the seed is printed at the start)
#
# A failing input is saved under target/tmp/fuzz/ and named in the output.
# If the process dies (an abort: a stack overflow, an allocation failure),
# the input it died on is target/tmp/fuzz/current.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
case $seconds in *[!0-9]* | '') echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
SITREP_FUZZ_SECONDS=$seconds cargo test --release --locked -p sitrep --test fuzz -- --nocapture
status=$?
if [ $status -gt 128 ] || { [ $status -ne 0 ] && [ $status -ne 101 ]; }; then
    echo "fuzz: the run died (status $status) on the input in target/tmp/fuzz/current ($(cat target/tmp/fuzz/current.name 2>/dev/null))" >&2
fi
exit $status
