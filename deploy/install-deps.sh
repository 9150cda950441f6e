#!/bin/sh
# Installs everything kc needs to build, test and run, from Debian's archive.
# Idempotent and quiet: when every package is present it prints nothing and
# returns at once. Run as root (or through sudo) on Debian 12.
set -eu

# Build tools and libraries (found by CMake through pkg-config).
BUILD="build-essential cmake pkg-config clang libclang-rt-14-dev valgrind
libcurl4-openssl-dev libcjson-dev libyaml-dev libevent-dev libnl-3-dev
libnl-route-3-dev libssl-dev libarchive-dev libcmocka-dev"
# Runtime tools: etcd is the store, runc runs containers, iptables programs
# services; openssl makes the cluster's certificates; iproute2 for test hosts.
RUNTIME="etcd-server etcd-client runc iptables iproute2 openssl curl ca-certificates tzdata"
# Interop tests drive kc with the official Python client.
TEST="python3 python3-kubernetes"

missing=""
for p in $BUILD $RUNTIME $TEST; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run this script as root to install them" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts the packaged etcd as a service on 2379; kc starts its own
# etcd on the ports it chooses, so the packaged one is stopped and disabled.
if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled etcd >/dev/null 2>&1; then
	systemctl disable --now etcd >/dev/null 2>&1 || true
fi
