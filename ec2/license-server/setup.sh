#!/usr/bin/env bash
# First-boot setup of an HTTP License Server on an EC2 instance (Ubuntu 22.04: Tomcat 9 and Java 17 from the
# archive). Run once by cloud-init (runcmd) after the packages are installed. It:
#   1. waits for the retained data volume, formats it the first time only, and mounts it on WORK_DIR;
#   2. reads this environment's secret from Secrets Manager through the instance role (nothing secret is in the
#      user data), writes tomcat-users.xml with the same script the Docker image uses, and keeps the license key in a
#      root-only file for the one-time activation (the vendor documents no way to drop a key in);
#   3. installs the license servlet WAR and starts Tomcat with oxygen.license.server.work.dir on the data volume.
#
# Inputs: /etc/oxygen-license-server/setup.env (not secret), written by the user data:
#   AWS_REGION, SECRET_ID (ARN of {"userPassword","adminPassword","licenseKey"}), SECRET_VERSION_ID, DATA_VOLUME_ID, WAR_URL,
#   CONTEXT_PATH, LICENSE_USER, WORK_DIR.
# Overridable paths (the tests run the script against a scratch root): SETUP_ENV, TOMCAT_BASE, SYSTEMD_DIR, FSTAB,
# KEY_FILE, CONFIGURE_USERS, DATA_VOLUME_DEVICES (candidate device paths), DEVICE_WAIT_SECONDS.
set -euo pipefail
export LC_ALL=C.UTF-8

die() {
    printf 'oxygen-license-server-setup: %s\n' "$*" >&2
    exit 64
}
log() {
    printf 'oxygen-license-server-setup: %s\n' "$*" >&2
}

SETUP_ENV="${SETUP_ENV:-/etc/oxygen-license-server/setup.env}"
[[ -r "$SETUP_ENV" ]] || die "$SETUP_ENV cannot be read"
# shellcheck source=/dev/null
. "$SETUP_ENV"
for name in AWS_REGION SECRET_ID SECRET_VERSION_ID DATA_VOLUME_ID WAR_URL CONTEXT_PATH LICENSE_USER WORK_DIR; do
    [[ -n "${!name:-}" ]] || die "$name is not set in $SETUP_ENV"
done

TOMCAT_BASE="${TOMCAT_BASE:-/var/lib/tomcat9}"
SYSTEMD_DIR="${SYSTEMD_DIR:-/etc/systemd/system}"
FSTAB="${FSTAB:-/etc/fstab}"
KEY_FILE="${KEY_FILE:-/etc/oxygen-license-server/license-key}"
CONFIGURE_USERS="${CONFIGURE_USERS:-/usr/local/lib/oxygen-license-server/configure-tomcat-users.sh}"
DEVICE_WAIT_SECONDS="${DEVICE_WAIT_SECONDS:-600}"
# Nitro instances name NVMe disks after the volume ID (without its dash); older instance types use the device name
# given to the attachment (/dev/sdf, which Xen kernels call /dev/xvdf).
DATA_VOLUME_DEVICES="${DATA_VOLUME_DEVICES:-/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${DATA_VOLUME_ID//-/} /dev/xvdf /dev/sdf}"

# The block device of the data volume, resolved to its real path.
data_volume_device() {
    local candidate
    for candidate in $DATA_VOLUME_DEVICES; do
        if [[ -b "$candidate" ]]; then
            readlink -f -- "$candidate"
            return 0
        fi
    done
    return 1
}

mount_data_volume() {
    local device="" waited=0 uuid
    # The volume is attached after the instance starts: wait for it rather than race it.
    until device="$(data_volume_device)"; do
        ((waited < DEVICE_WAIT_SECONDS)) || die "data volume $DATA_VOLUME_ID did not appear within ${DEVICE_WAIT_SECONDS} s"
        sleep 5
        waited=$((waited + 5))
    done
    # Format only a blank volume: a retained volume from an earlier instance keeps the server's state.
    if ! blkid -- "$device" >/dev/null 2>&1; then
        log "formatting blank data volume $DATA_VOLUME_ID ($device)"
        mkfs.ext4 -q -L oxygen-ls-data -- "$device"
    fi
    uuid="$(blkid -s UUID -o value -- "$device")"
    mkdir -p -- "$WORK_DIR"
    if ! grep -q "^UUID=$uuid " "$FSTAB"; then
        printf 'UUID=%s %s ext4 defaults,nofail 0 2\n' "$uuid" "$WORK_DIR" >>"$FSTAB"
    fi
    mountpoint -q -- "$WORK_DIR" || mount -- "$WORK_DIR"
    chown tomcat:tomcat -- "$WORK_DIR"
}

# Reads the secret once into files in a private directory, hands them to the Docker image's users script, and keeps
# only tomcat-users.xml (readable by Tomcat) and the key file (root only).
write_secrets() {
    local scratch secret_json field
    scratch="$(umask 077 && mktemp -d)"
    # shellcheck disable=SC2064 # expand now: the trap must remove this very directory.
    trap "rm -rf -- '$scratch'" EXIT
    secret_json="$(aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$SECRET_ID" --version-id "$SECRET_VERSION_ID" --query SecretString --output text)" ||
        die "cannot read secret $SECRET_ID (does the instance role allow secretsmanager:GetSecretValue on it?)"
    for field in userPassword adminPassword licenseKey; do
        (umask 077 && jq -jre --arg field "$field" '.[$field] // empty' <<<"$secret_json" >"$scratch/$field") ||
            die "secret $SECRET_ID has no $field"
    done
    LICENSE_SERVER_USER="$LICENSE_USER" \
        LICENSE_SERVER_PASSWORD_FILE="$scratch/userPassword" \
        LICENSE_SERVER_ADMIN_PASSWORD_FILE="$scratch/adminPassword" \
        CATALINA_HOME="$TOMCAT_BASE" WORK_DIR="$WORK_DIR" \
        bash "$CONFIGURE_USERS" configure-only
    chown root:tomcat -- "$TOMCAT_BASE/conf/tomcat-users.xml"
    chmod 0640 -- "$TOMCAT_BASE/conf/tomcat-users.xml"
    mkdir -p -- "$(dirname -- "$KEY_FILE")"
    install -m 0600 -- "$scratch/licenseKey" "$KEY_FILE"
}

install_servlet() {
    local war="$TOMCAT_BASE/webapps/$CONTEXT_PATH.war" tmp
    mkdir -p -- "$TOMCAT_BASE/webapps"
    # Downloaded beside the target and moved into place: Tomcat never deploys a half-written WAR (and ignores
    # the temporary name, which does not end in .war).
    tmp="$(mktemp "$war.XXXXXX")"
    curl -fsSL --retry 5 --retry-connrefused -o "$tmp" -- "$WAR_URL" || die "cannot download the license servlet WAR from $WAR_URL"
    chmod 0644 -- "$tmp"
    mv -f -- "$tmp" "$war"
    # catalina.sh sources $CATALINA_BASE/bin/setenv.sh (systemd's EnvironmentFile would not expand variables).
    # The work directory holds the statistics database and the activation state.
    mkdir -p -- "$TOMCAT_BASE/bin"
    # shellcheck disable=SC2016 # $CATALINA_OPTS is for setenv.sh to expand, not this script.
    printf 'CATALINA_OPTS="$CATALINA_OPTS -Doxygen.license.server.work.dir=%s"\n' "$WORK_DIR" >"$TOMCAT_BASE/bin/setenv.sh"
    # Ubuntu's tomcat9 unit runs with ProtectSystem=strict: the work directory must be listed as writable. And Tomcat
    # must never start before the data volume is mounted, or it would write fresh state to the root disk.
    mkdir -p -- "$SYSTEMD_DIR/tomcat9.service.d"
    printf '[Unit]\nRequiresMountsFor=%s\n\n[Service]\nReadWritePaths=%s\n' "$WORK_DIR" "$WORK_DIR" >"$SYSTEMD_DIR/tomcat9.service.d/oxygen-license-server.conf"
}

main() {
    mount_data_volume
    write_secrets
    install_servlet
    if [[ "${1:-}" == "configure-only" ]]; then
        return 0
    fi
    systemctl daemon-reload
    systemctl enable tomcat9
    systemctl restart tomcat9
    log "license server started: http://$(hostname -f):8080/$CONTEXT_PATH/"
}

main "$@"
