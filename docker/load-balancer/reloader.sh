#!/bin/bash
# The HAProxy container's command: runs HAProxy in master-worker mode on the configuration the config writer
# publishes in the shared volume, and reloads it in place (SIGUSR2: the master starts a new worker on the new
# configuration, which takes over the listening sockets; the old worker finishes its connections) whenever the writer
# publishes a new generation. The container's own inputs never depend on the configuration, so a configuration
# change never replaces it.
#
# The writer (publish-config.sh) makes `$LB_LIVE_DIR/current` point at a complete generation directory, checks it,
# and only then writes its name to `$LB_LIVE_DIR/generation`, the file this script watches.
# Before each reload the servers' states (a production marked down stays down) are saved through the master CLI
# into the file the rendered configuration names in `server-state-file`, which the new worker loads.
#
# Environment (defaults suit the official haproxy image):
#   LB_LIVE_DIR          the shared volume's mount point              /usr/local/etc/haproxy/live
#   LB_SERVER_STATE_FILE where the servers' states are saved           /var/lib/haproxy/server-state
#   LB_MASTER_CLI_PORT   master CLI port on 127.0.0.1 (not published)  19999
#   LB_POLL_SECONDS      how often the generation file is read         0.5
#   LB_HAPROXY           the HAProxy binary                            haproxy
set -uo pipefail

live_dir=${LB_LIVE_DIR:-/usr/local/etc/haproxy/live}
state_file=${LB_SERVER_STATE_FILE:-/var/lib/haproxy/server-state}
cli_port=${LB_MASTER_CLI_PORT:-19999}
poll=${LB_POLL_SECONDS:-0.5}
haproxy=${LB_HAPROXY:-haproxy}
config="$live_dir/current/haproxy.cfg"
generation_file="$live_dir/generation"

log() { printf 'reloader: %s\n' "$*" >&2; }

generation() {
    local value=""
    [ -r "$generation_file" ] && read -r value <"$generation_file"
    printf '%s' "$value"
}

# `show servers state` of the current worker, through the master CLI (one command per connection).
save_server_state() {
    local answer
    if ! exec 3<>"/dev/tcp/127.0.0.1/$cli_port"; then
        log "master CLI unreachable; the new worker starts without the servers' states"
        return
    fi
    # The master CLI keeps the connection open after a command; `quit` closes it once the answer is out.
    printf '@1 show servers state; quit\n' >&3
    answer=$(cat <&3)
    exec 3<&-
    # The file starts with its format version (1); anything else is an error message, not a state.
    if [ "${answer%%$'\n'*}" = "1" ]; then
        printf '%s\n' "$answer" >"$state_file.tmp" && mv -f "$state_file.tmp" "$state_file"
    else
        log "no servers' states from the master CLI: ${answer:0:200}"
    fi
}

master=""
# shellcheck disable=SC2317 # invoked by the trap
stop() {
    [ -n "$master" ] && kill -TERM "$master" 2>/dev/null
    [ -n "$master" ] && wait "$master"
    exit 0
}
trap stop TERM INT

while [ -z "$(generation)" ]; do
    log "waiting for the config writer to publish $generation_file"
    sleep "$poll" &
    wait $!
done
running=$(generation)
if ! "$haproxy" -c -q -f "$config"; then
    log "generation $running: haproxy -c rejects $config"
    exit 1
fi
rm -f "$state_file"
log "starting HAProxy on generation $running"
"$haproxy" -W -db -S "ipv4@127.0.0.1:$cli_port" -f "$config" &
master=$!

while kill -0 "$master" 2>/dev/null; do
    sleep "$poll" &
    wait $!
    published=$(generation)
    [ -z "$published" ] || [ "$published" = "$running" ] && continue
    if "$haproxy" -c -q -f "$config"; then
        save_server_state
        log "reloading: generation $running -> $published"
        kill -USR2 "$master"
    else
        log "generation $published: haproxy -c rejects $config; HAProxy keeps running generation $running"
    fi
    running=$published
done
wait "$master"
status=$?
log "HAProxy exited with status $status"
exit "$status"
