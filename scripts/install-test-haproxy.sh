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

cat >"$bin_dir/haproxy-3.0" <<WRAPPER
#!/bin/sh
# Debian trixie's HAProxy 3.0 from $root, with that root's loader and libraries (written by install-test-haproxy.sh).
exec "$root/lib64/ld-linux-x86-64.so.2" --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" "$root/usr/sbin/haproxy" "\$@"
WRAPPER
chmod 0755 "$bin_dir/haproxy-3.0"
# Read the whole output (a `| head` would end haproxy with SIGPIPE, which pipefail turns into a failure).
version="$("$bin_dir/haproxy-3.0" -v)"
printf '%s\n' "${version%%$'\n'*}"
