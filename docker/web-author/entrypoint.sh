#!/usr/bin/env bash
# Web Author container entrypoint: writes license.properties (main and backup license servers), passes the admin
# setup password, and starts Tomcat with the vendor's JVM flags and data directory.
#
# Inputs (environment):
#   LICENSE_SERVER_URL, LICENSE_SERVER_USER                    main license server (production's)
#   BACKUP_LICENSE_SERVER_URL, BACKUP_LICENSE_SERVER_USER      backup license server (redundancy's)
#   LICENSE_SERVER_PASSWORD_FILE or LICENSE_SERVER_PASSWORD    password of the main server's user
#   BACKUP_LICENSE_SERVER_PASSWORD_FILE or ..._PASSWORD        password of the backup server's user
#   ADMIN_SETUP_PASSWORD_FILE or OXYGEN_ADMIN_SETUP_PASSWORD   initial Admin page password (optional)
#   MAX_HEAP_MB (default 4096), DNS_CACHE_TTL_SECONDS (default 60)
#   CATALINA_HOME, WEBAPP_DIR, OXYGEN_DATA_DIR                 paths (defaults: the image's layout)
# Secrets come as files (Docker uploads) or as variables that ECS injects from Secrets Manager; never put them in a
# plain container environment. Argument `configure-only`: write the files and exit (used by the tests).
set -euo pipefail
# Character-wise escaping below needs a UTF-8 locale, whatever the image sets.
export LC_ALL=C.UTF-8

CATALINA_HOME="${CATALINA_HOME:-/usr/local/tomcat}"
WEBAPP_DIR="${WEBAPP_DIR:-$CATALINA_HOME/webapps/oxygen-xml-web-author}"
OXYGEN_DATA_DIR="${OXYGEN_DATA_DIR:-$CATALINA_HOME/work/Catalina/localhost/oxygen-xml-web-author}"
MAX_HEAP_MB="${MAX_HEAP_MB:-4096}"
DNS_CACHE_TTL_SECONDS="${DNS_CACHE_TTL_SECONDS:-60}"

# Must match LICENSE_PROPERTIES_HEADER in components/contract/licenseProperties.ts (the tests compare the bytes).
HEADER='# Written by oxygen-webauthor-ha: main = production license server, backup = redundancy license server.'

die() {
    printf 'web-author-entrypoint: %s\n' "$*" >&2
    exit 64
}

require() {
    [[ -n "${!1:-}" ]] || die "$1 is not set"
    printf '%s' "${!1}"
}

# A secret from the file named by NAME_FILE, else from NAME. Trailing newlines of a file are dropped.
read_secret() {
    local name="$1" file_var="${1}_FILE"
    if [[ -n "${!file_var:-}" ]]; then
        [[ -r "${!file_var}" ]] || die "$file_var names ${!file_var}, which cannot be read"
        printf '%s' "$(cat -- "${!file_var}")"
    elif [[ -n "${!name:-}" ]]; then
        printf '%s' "${!name}"
    else
        die "neither $file_var nor $name is set"
    fi
}

# Escapes one character sequence as java.util.Properties.store does; $2 = 1 escapes every space (keys).
escape_properties_text() {
    local text="$1" every_space="$2" out="" ch code i high low
    for ((i = 0; i < ${#text}; i++)); do
        ch="${text:i:1}"
        case "$ch" in
            \\) out+="\\\\" ;;
            '=' | ':' | '#' | '!') out+="\\$ch" ;;
            $'\t') out+='\t' ;;
            $'\n') out+='\n' ;;
            $'\r') out+='\r' ;;
            $'\f') out+='\f' ;;
            ' ')
                if ((i == 0 || every_space)); then out+='\ '; else out+=' '; fi
                ;;
            *)
                printf -v code '%d' "'$ch"
                if ((code > 0xFFFF)); then
                    # Java's \u escapes are UTF-16 code units: astral characters become a surrogate pair.
                    high=$(((code - 0x10000) / 0x400 + 0xD800))
                    low=$(((code - 0x10000) % 0x400 + 0xDC00))
                    printf -v ch '\\u%04X\\u%04X' "$high" "$low"
                    out+="$ch"
                elif ((code < 0x20 || code > 0x7E)); then
                    printf -v ch '\\u%04X' "$code"
                    out+="$ch"
                else
                    out+="$ch"
                fi
                ;;
        esac
    done
    printf '%s' "$out"
}

property() {
    printf '%s=%s\n' "$(escape_properties_text "$1" 1)" "$(escape_properties_text "$2" 0)"
}

write_license_properties() {
    local target="$1" main_url main_user main_password backup_url backup_user backup_password
    main_url="$(require LICENSE_SERVER_URL)"
    main_user="$(require LICENSE_SERVER_USER)"
    main_password="$(read_secret LICENSE_SERVER_PASSWORD)"
    backup_url="$(require BACKUP_LICENSE_SERVER_URL)"
    backup_user="$(require BACKUP_LICENSE_SERVER_USER)"
    backup_password="$(read_secret BACKUP_LICENSE_SERVER_PASSWORD)"
    mkdir -p "$(dirname "$target")"
    # Written under a private umask and moved into place, so the password is never world-readable.
    local tmp
    tmp="$(umask 077 && mktemp "$target.XXXXXX")"
    {
        printf '%s\n' "$HEADER"
        property licensing.server.type http
        property licensing.server.url "$main_url"
        property licensing.server.user "$main_user"
        property licensing.server.password "$main_password"
        property backup.licensing.server.url "$backup_url"
        property backup.licensing.server.user "$backup_user"
        property backup.licensing.server.password "$backup_password"
    } >"$tmp"
    mv -f "$tmp" "$target"
}

configure() {
    # The Admin page's saved setting lives in the data directory, the bundled default in WEB-INF. The vendor does
    # not document which wins when both exist, so both carry the same content: the stack config is the truth.
    write_license_properties "$OXYGEN_DATA_DIR/options/license.properties"
    if [[ -d "$WEBAPP_DIR/WEB-INF" ]]; then
        cp -f "$OXYGEN_DATA_DIR/options/license.properties" "$WEBAPP_DIR/WEB-INF/license.properties"
    fi
    # Web Author otherwise caches the license server's address forever (vendor topic
    # Web-Author-caches-the-IP-of-the-License-Server-indefinitely); a replaced license server gets a new IP.
    mkdir -p "$CATALINA_HOME/conf"
    printf 'networkaddress.cache.ttl=%s\n' "$DNS_CACHE_TTL_SECONDS" >"$CATALINA_HOME/conf/web-author-security.properties"
}

configure

# Read by Web Author 27.0+ on first start. Docker uploads it as a file (exported to Tomcat's process only, never to
# the image or `docker inspect`); ECS injects it from Secrets Manager as OXYGEN_ADMIN_SETUP_PASSWORD itself.
if [[ -n "${ADMIN_SETUP_PASSWORD_FILE:-}" ]]; then
    OXYGEN_ADMIN_SETUP_PASSWORD="$(read_secret ADMIN_SETUP_PASSWORD)" || exit
fi
if [[ -n "${OXYGEN_ADMIN_SETUP_PASSWORD:-}" ]]; then
    export OXYGEN_ADMIN_SETUP_PASSWORD
fi

export CATALINA_OPTS="${CATALINA_OPTS:-} -Xmx${MAX_HEAP_MB}m \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
-Doxygen.data.dir=$OXYGEN_DATA_DIR -Djava.security.properties=$CATALINA_HOME/conf/web-author-security.properties"

if [[ "${1:-}" == "configure-only" ]]; then
    exit 0
fi
exec "$CATALINA_HOME/bin/catalina.sh" run
