#!/bin/bash
# The config writer's command (a one-shot container, replaced whenever the load balancer's configuration changes):
# publishes the rendered files it was given in `$LB_STAGING_DIR` as a new generation in the volume it shares with the
# HAProxy container, checks it with `haproxy -c`, and only then announces it in `generation`, which reloader.sh
# watches. A rejected configuration is rolled back and the writer fails, so `pulumi up` fails and HAProxy keeps the
# configuration it runs.
#
# Environment:
#   LB_LIVE_DIR     the shared volume's mount point (as in the HAProxy container)  /usr/local/etc/haproxy/live
#   LB_STAGING_DIR  where the writer's uploads are                                  /usr/local/etc/haproxy/staging
#   LB_GENERATION   the generation's name: a digest of the files (required)
#   LB_HAPROXY      the HAProxy binary                                              haproxy
set -euo pipefail

live_dir=${LB_LIVE_DIR:-/usr/local/etc/haproxy/live}
staging_dir=${LB_STAGING_DIR:-/usr/local/etc/haproxy/staging}
haproxy=${LB_HAPROXY:-haproxy}
generation=${LB_GENERATION:?LB_GENERATION must name the generation}
case "$generation" in
    *[!A-Za-z0-9._-]*) echo "publish-config: LB_GENERATION must be letters, digits, . _ -" >&2; exit 2 ;;
esac

target="$live_dir/gen-$generation"
rm -rf "$target.tmp"
mkdir -p "$target.tmp"
cp -R -p "$staging_dir/." "$target.tmp/"
chmod 0755 "$target.tmp"
rm -rf "$target"
mv "$target.tmp" "$target"

previous=""
[ -L "$live_dir/current" ] && previous=$(readlink "$live_dir/current")
ln -sfn "gen-$generation" "$live_dir/current.tmp"
mv -T "$live_dir/current.tmp" "$live_dir/current"

if ! "$haproxy" -c -q -f "$live_dir/current/haproxy.cfg"; then
    echo "publish-config: haproxy -c rejects generation $generation; HAProxy keeps ${previous:-nothing}" >&2
    if [ -n "$previous" ]; then
        ln -sfn "$previous" "$live_dir/current.tmp"
        mv -T "$live_dir/current.tmp" "$live_dir/current"
    fi
    exit 1
fi

printf '%s\n' "$generation" >"$live_dir/generation.tmp"
mv -f "$live_dir/generation.tmp" "$live_dir/generation"
echo "publish-config: generation $generation published"

# Keep the current and the previous generation (a worker that is still finishing may have files open there).
for dir in "$live_dir"/gen-*; do
    name=${dir##*/}
    [ "$name" = "gen-$generation" ] || [ "$name" = "$previous" ] || rm -rf "$dir"
done
