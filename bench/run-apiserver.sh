#!/bin/sh
# run-apiserver.sh - runs the kc-apiserver benchmark (see README.md).
#
#   bench/run-apiserver.sh [-B BUILD_DIR] [--perf FILE.data] [apiserver_bench options...]
#
# -B         the build directory holding bench/apiserver_bench and
#            apiserver/kc-apiserver (default: build, next to this folder)
# --perf F   also record a CPU profile of the kc-apiserver process with
#            `perf record -g` for the whole run, into F; read it afterwards
#            with `perf report -i F --no-children`
# The other options go to apiserver_bench: --quick, --only NAME[,NAME],
# --seconds S, --watchers N.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build
perf_out=
while [ $# -gt 0 ]; do
	case $1 in
	-B) build=$2; shift 2 ;;
	--perf) perf_out=$2; shift 2 ;;
	*) break ;;
	esac
done
build=$(cd "$build" && pwd)
bench=$build/bench/apiserver_bench
[ -x "$bench" ] || { echo "run-apiserver.sh: $bench is not built (cmake --build $build)" >&2; exit 1; }
export KC_SOURCE_DIR="$src" KC_BUILD_DIR="$build"

if [ -z "$perf_out" ]; then
	exec "$bench" "$@"
fi

command -v perf >/dev/null || { echo "run-apiserver.sh: perf is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bench" "$@" >"$tmp/out" 2>&1 &
bench_pid=$!
tail -n +1 -f --pid=$bench_pid "$tmp/out" &
# the benchmark prints "kc-apiserver pid N ..." once the server is ready
pid=
while kill -0 $bench_pid 2>/dev/null; do
	pid=$(sed -n 's/^kc-apiserver pid \([0-9]*\) .*/\1/p' "$tmp/out")
	[ -n "$pid" ] && break
	sleep 0.2
done
if [ -n "$pid" ]; then
	# perf stops by itself when kc-apiserver exits at the end of the run
	perf record -q -F 499 -g --call-graph dwarf,16384 -p "$pid" -o "$perf_out" >/dev/null 2>"$tmp/perf.err" &
fi
status=0
wait $bench_pid || status=$?
wait 2>/dev/null || true
[ -s "$tmp/perf.err" ] && cat "$tmp/perf.err" >&2
[ -n "$pid" ] && echo "profile of kc-apiserver (pid $pid) in $perf_out: perf report -i $perf_out --no-children"
exit $status
