#!/bin/sh
# Readiness check of an EC2 license server. The deployment's readiness gate runs it on a new (or restarted) instance
# through SSM (`SendCommand`, document AWS-RunShellScript), and `pulumi up` waits for its verdict before the next part
# of the rolling order may change: exit 0 means this license server answers, anything else fails the deployment with
# the last line printed here.
#
# POSIX sh on purpose: the agent starts the script file through `sh`, and the shebang may or may not be honoured.
#
# Inputs, set in lines the deployment puts above this text: CONTEXT_PATH (the servlet's context path), PORT (Tomcat's
# HTTP port on the instance), READY_TIMEOUT_SECONDS (how long to wait in all, from the script's start).
set -eu

say() {
    printf 'oxygen-license-server-ready: %s\n' "$*"
}
fail() {
    say "$*" >&2
    exit 1
}

deadline=$(($(date +%s) + READY_TIMEOUT_SECONDS))
seconds_left() {
    echo $((deadline - $(date +%s)))
}

# 1. The first-boot setup (cloud-init's runcmd runs ec2/license-server/setup.sh) must have finished. A failed setup
#    fails the check at once, rather than after the whole timeout (so would an error cloud-init reports wrongly: the
#    deployment then stops on the safe side). Upstream cloud-init 23.4+ exits 2 for "done, with recoverable errors"
#    (Ubuntu's own package keeps 0 for those): the setup ran, and the servlet's answer below decides.
setup_status=0
timeout "$(seconds_left)" cloud-init status --wait >/dev/null || setup_status=$?
case "$setup_status" in
0 | 2) ;;
124) fail "the first-boot setup did not finish within ${READY_TIMEOUT_SECONDS} s (cloud-init status --wait); see /var/log/cloud-init-output.log" ;;
*) fail "the first-boot setup failed (cloud-init status exit ${setup_status}); see /var/log/cloud-init-output.log" ;;
esac

# 2. Tomcat must answer under the servlet's context path. Tomcat answers 404 for a context that is not deployed (the
#    WAR missing or not unpacked yet) and 5xx for one that failed; any other answer (the admin page's 401, a redirect)
#    means the servlet is there. The vendor documents no health endpoint.
url="http://127.0.0.1:${PORT}/${CONTEXT_PATH}/"
last="no answer"
while :; do
    code=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$url") || code=000
    case "$code" in
    000) last="no answer" ;;
    404 | 5??) last="HTTP $code" ;;
    *)
        say "ready: $url answered HTTP $code"
        exit 0
        ;;
    esac
    [ "$(seconds_left)" -gt 0 ] || fail "$url not ready within ${READY_TIMEOUT_SECONDS} s (last: $last); see journalctl -u tomcat9"
    sleep 3
done
