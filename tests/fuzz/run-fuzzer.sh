#!/bin/sh
# run-fuzzer.sh FUZZER CORPUS_DIR SECONDS
# Runs one libFuzzer target for SECONDS on the checked-in corpus. New inputs go
# to a temporary directory (removed afterwards) so the tree stays clean; a
# crash leaves its reproducer in the current directory and fails the test.
set -eu
fuzzer=$1 corpus=$2 seconds=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/kc-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$corpus"
exec_dir=$(pwd)
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	-print_final_stats=1 -artifact_prefix="$exec_dir/" "$work" "$corpus"
