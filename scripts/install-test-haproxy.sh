#!/usr/bin/env bash
# Installs the HAProxy branch the deployment pins (3.0, as in DEFAULT_HAPROXY_IMAGE) for the tests and benchmarks:
# Debian trixie's haproxy package in a minimal trixie root, and a `haproxy-3.0` command that runs it with that root's
# own loader and libraries (no chroot, so the tests' files are where they are). Needs root and the Debian mirror.
# Idempotent: an existing root is kept. Usage: scripts/install-test-haproxy.sh [root-dir] [bin-dir]
set -euo pipefail

root="${1:-/opt/haproxy-3.0}"
bin_dir="${2:-/usr/local/bin}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [[ ! -x "$root/usr/sbin/haproxy" ]]; then
    command -v debootstrap >/dev/null || { echo "install-test-haproxy: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
    rm -rf "$root.partial"
    debootstrap --variant=minbase --include=haproxy trixie "$root.partial" "$mirror" >/dev/null
    mv "$root.partial" "$root"
fi

# A copy of the binary that names that root's loader and libraries itself: HAProxy's master process (-W, as the
# load balancer's container runs it) re-executes its own binary, which a loader-wrapper script would not survive.
command -v patchelf >/dev/null || { echo "install-test-haproxy: patchelf is missing (apt-get install patchelf)" >&2; exit 1; }
cp "$root/usr/sbin/haproxy" "$root/usr/sbin/haproxy-native.partial"
patchelf --force-rpath --set-interpreter "$root/lib64/ld-linux-x86-64.so.2" \
    --set-rpath "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" "$root/usr/sbin/haproxy-native.partial"
mv "$root/usr/sbin/haproxy-native.partial" "$root/usr/sbin/haproxy-native"
rm -f "$bin_dir/haproxy-3.0"
ln -s "$root/usr/sbin/haproxy-native" "$bin_dir/haproxy-3.0"
# Read the whole output (a `| head` would end haproxy with SIGPIPE, which pipefail turns into a failure).
version="$("$bin_dir/haproxy-3.0" -v)"
printf '%s\n' "${version%%$'\n'*}"
