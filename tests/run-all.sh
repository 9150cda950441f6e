#!/bin/sh
# run-all.sh - the whole test suite, as CI runs it (`make test` calls this).
#   1. plain build (warnings are errors) and every ctest suite;
#   2. the unit tests under valgrind --leak-check=full;
#   3. an ASan + UBSan build and every suite again;
#   4. the libFuzzer targets (clang), each for KC_FUZZ_SECONDS on its corpus.
# Set KC_TEST_QUICK=1 to skip steps 2-4 while iterating.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)
fuzz_seconds=${KC_FUZZ_SECONDS:-20}

step() { printf '\n==== %s\n' "$*"; }

step "build (gcc, -Werror)"
cmake -S . -B build -DKC_WERROR=ON >/dev/null
cmake --build build -j"$jobs"

step "tests"
(cd build && ctest --output-on-failure -j"$jobs")

[ "${KC_TEST_QUICK:-0}" = 1 ] && exit 0

step "unit tests under valgrind"
export KC_SOURCE_DIR="$(pwd)"
for t in build/tests/unit/test_*; do
	[ -x "$t" ] || continue
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=1 "$t" >"$t.valgrind.log" 2>&1 ||
		{ cat "$t.valgrind.log"; echo "valgrind: $t failed"; exit 1; }
done
echo "valgrind: no leaks or memory errors in the unit tests"

step "build with AddressSanitizer + UBSan"
cmake -S . -B build-asan -DKC_WERROR=ON -DKC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
step "tests under ASan + UBSan"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure -j"$jobs")

step "fuzzers (${fuzz_seconds}s each)"
CC=clang cmake -S . -B build-fuzz -DKC_WERROR=ON -DKC_FUZZ=ON -DKC_FUZZ_SECONDS="$fuzz_seconds" >/dev/null
cmake --build build-fuzz -j"$jobs"
(cd build-fuzz && ctest --output-on-failure -L fuzz)

step "all tests passed"
