#!/usr/bin/env bash
# License server container entrypoint (local trial only; see the Dockerfile): writes Tomcat's users from secret
# files and starts Tomcat with a persistent work directory.
#
# Inputs (environment):
#   LICENSE_SERVER_USER                 the user Web Author connects as (Tomcat role `user`)
#   LICENSE_SERVER_PASSWORD_FILE        its password (a file, never a plain variable)
#   LICENSE_SERVER_ADMIN_PASSWORD_FILE  password of user `admin` (role `admin`: the server's own page)
#   LICENSE_KEY_FILE                    this environment's license key, for the one-time activation (read by you,
#                                       not by the server: the vendor documents no way to drop a key in)
#   WORK_DIR                            default /var/lib/oxygen-license-server
#   CATALINA_HOME                       default /usr/local/tomcat
# Argument `configure-only`: write the files and exit (used by the tests).
set -euo pipefail
export LC_ALL=C.UTF-8

CATALINA_HOME="${CATALINA_HOME:-/usr/local/tomcat}"
WORK_DIR="${WORK_DIR:-/var/lib/oxygen-license-server}"

die() {
    printf 'license-server-entrypoint: %s\n' "$*" >&2
    exit 64
}

read_secret_file() {
    local file_var="$1"
    [[ -n "${!file_var:-}" ]] || die "$file_var is not set"
    [[ -r "${!file_var}" ]] || die "$file_var names ${!file_var}, which cannot be read"
    printf '%s' "$(cat -- "${!file_var}")"
}

# Escapes an attribute value. Tab, newline and carriage return become character references, or the XML parser would
# normalise them to spaces; the other control characters cannot be written in XML 1.0 at all, so they are refused
# (without echoing the value: it may be a password).
xml_escape() {
    local text="$1"
    if [[ "$text" == *[$'\x01'-$'\x08'$'\x0b'$'\x0c'$'\x0e'-$'\x1f']* ]]; then
        die "a Tomcat user name or password contains a control character that tomcat-users.xml cannot hold"
    fi
    # bash 5.2 reads `&` in a replacement as "the matched text"; we want it literal, as older bash does.
    shopt -u patsub_replacement 2>/dev/null || true
    text="${text//&/&amp;}"
    text="${text//</&lt;}"
    text="${text//>/&gt;}"
    text="${text//\"/&quot;}"
    text="${text//\'/&apos;}"
    text="${text//$'\t'/&#9;}"
    text="${text//$'\n'/&#10;}"
    text="${text//$'\r'/&#13;}"
    printf '%s' "$text"
}

write_tomcat_users() {
    local target="$1" user password admin_password tmp
    [[ -n "${LICENSE_SERVER_USER:-}" ]] || die "LICENSE_SERVER_USER is not set"
    [[ "$LICENSE_SERVER_USER" != "admin" ]] || die "LICENSE_SERVER_USER must not be admin (that user is the server's administrator)"
    user="$(xml_escape "$LICENSE_SERVER_USER")"
    password="$(xml_escape "$(read_secret_file LICENSE_SERVER_PASSWORD_FILE)")"
    admin_password="$(xml_escape "$(read_secret_file LICENSE_SERVER_ADMIN_PASSWORD_FILE)")"
    mkdir -p "$(dirname "$target")"
    tmp="$(umask 077 && mktemp "$target.XXXXXX")"
    cat >"$tmp" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by oxygen-webauthor-ha at container start. -->
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="user"/>
  <role rolename="admin"/>
  <user username="${user}" password="${password}" roles="user"/>
  <user username="admin" password="${admin_password}" roles="admin"/>
</tomcat-users>
XML
    mv -f "$tmp" "$target"
}

write_tomcat_users "$CATALINA_HOME/conf/tomcat-users.xml"
mkdir -p "$WORK_DIR"
if [[ -n "${LICENSE_KEY_FILE:-}" && ! -r "$LICENSE_KEY_FILE" ]]; then
    die "LICENSE_KEY_FILE names $LICENSE_KEY_FILE, which cannot be read"
fi
export CATALINA_OPTS="${CATALINA_OPTS:-} -Doxygen.license.server.work.dir=$WORK_DIR"

if [[ "${1:-}" == "configure-only" ]]; then
    exit 0
fi
exec "$CATALINA_HOME/bin/catalina.sh" run
