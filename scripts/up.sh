#!/usr/bin/env bash
# `npm run up:local` / `npm run up:prod`: the whole set-up of a stack, then `pulumi up`.
#   scripts/up.sh local [pulumi up options]   state in .pulumi-state/ inside the repository (file backend)
#   scripts/up.sh prod  [pulumi up options]   state where PULUMI_BACKEND_URL says (s3://, gs://, azblob:// or Pulumi Cloud)
# Selects or creates the stack, asks on a terminal for every secret and required value not set yet (the list comes
# from the config schema: scripts/stack-config.ts) and stores it with `pulumi config set [--secret]`, the value on
# stdin, never on the command line. Run again, it asks nothing. Without a terminal it names what is missing and
# stops before `pulumi up`.
set -euo pipefail
cd "$(dirname "$0")/.."

stack=${1:-}
case "$stack" in
    local | prod) shift ;;
    *)
        echo "usage: scripts/up.sh local|prod [pulumi up options]" >&2
        exit 2
        ;;
esac

say() { printf 'up:%s: %s\n' "$stack" "$*" >&2; }
fail() {
    say "$*"
    exit 1
}
interactive=false
[[ -t 0 ]] && interactive=true

# --- What must be installed -------------------------------------------------------------------------------------
[[ -d node_modules/@pulumi/pulumi ]] || fail "the program's packages are not installed: run \`npm ci\` first"
command -v pulumi >/dev/null 2>&1 || fail "the Pulumi CLI is not installed: see https://www.pulumi.com/docs/install/"
command -v docker >/dev/null 2>&1 || fail "the Docker CLI is not installed (it runs the containers, or builds the Web Author image on AWS)"
docker info >/dev/null 2>&1 || fail "no Docker engine answers (\`docker info\` fails): start Docker, or point DOCKER_HOST at a running engine"

# --- The backend: named explicitly, never whatever the shell or a past \`pulumi login\` left ------------------------
passphrase_needed=true
if [[ $stack == local ]]; then
    mkdir -p .pulumi-state
    export PULUMI_BACKEND_URL="file://$PWD/.pulumi-state"
else
    # Everything that stops prod, listed at once, before any pulumi command runs.
    refusals=()
    backend=${PULUMI_BACKEND_URL:-}
    case "$backend" in
        "") refusals+=("name the prod stack's state backend: PULUMI_BACKEND_URL=s3://<bucket>/<prefix> (or gs://, azblob://, https://api.pulumi.com for Pulumi Cloud)") ;;
        s3://* | gs://* | azblob://*) ;;
        https://*) passphrase_needed=false ;; # Pulumi Cloud encrypts the stack's secrets itself.
        file://*)
            [[ ${UP_PROD_ALLOW_FILE_BACKEND:-} == 1 ]] ||
                refusals+=("PULUMI_BACKEND_URL=$backend is a file backend: prod state on one disk is lost with it; use a shared backend, or set UP_PROD_ALLOW_FILE_BACKEND=1 to force")
            ;;
        *) refusals+=("PULUMI_BACKEND_URL=$backend is not a backend this script knows (s3://, gs://, azblob://, https://, file://)") ;;
    esac
    examples=$(node_modules/.bin/ts-node --transpile-only scripts/stack-config.ts examples "$stack")
    if [[ -n $examples ]]; then
        mapfile -t lines <<<"$examples"
        for line in "${lines[@]}"; do refusals+=("Pulumi.$stack.yaml still holds $line: replace it with yours"); done
    fi
    if [[ ${#refusals[@]} -gt 0 ]]; then
        say "refusing to run (nothing was run):"
        printf '  - %s\n' "${refusals[@]}" >&2
        exit 1
    fi
fi
say "state backend: $PULUMI_BACKEND_URL"

missing=()

# --- The passphrase that encrypts the stack's secrets (file, s3, gs, azblob backends) -----------------------------
passphrase_file=""
cleanup() { [[ -z $passphrase_file ]] || rm -f "$passphrase_file"; }
trap cleanup EXIT
if $passphrase_needed && [[ -z ${PULUMI_CONFIG_PASSPHRASE:-} && -z ${PULUMI_CONFIG_PASSPHRASE_FILE:-} ]]; then
    if $interactive; then
        say "Pulumi encrypts this stack's secrets with a passphrase. For a new stack, choose one and keep it: every later"
        say "pulumi command on this stack needs it (set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE to skip this question)."
        passphrase=""
        while [[ -z $passphrase ]]; do
            IFS= read -r -s -p "Passphrase for stack $stack: " passphrase
            echo >&2
        done
        passphrase_file=$(mktemp)
        chmod 600 "$passphrase_file"
        printf '%s' "$passphrase" >"$passphrase_file"
        unset passphrase
        export PULUMI_CONFIG_PASSPHRASE_FILE="$passphrase_file"
    else
        missing+=("PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): the passphrase that encrypts this stack's secrets")
    fi
fi

# --- The stack ------------------------------------------------------------------------------------------------------
stack_exists=true
if pulumi stack select "$stack" >/dev/null 2>&1; then
    :
elif [[ ${#missing[@]} -eq 0 ]]; then
    say "creating stack $stack"
    pulumi stack init "$stack" >&2
else
    stack_exists=false # Creating it needs the passphrase; say what else is missing from the stack file alone.
fi

# --- Every secret and required value not set yet ----------------------------------------------------------------------
if $stack_exists; then
    config_json=$(pulumi config --json --stack "$stack")
else
    config_json=""
fi
needs=$(printf '%s' "$config_json" | node_modules/.bin/ts-node --transpile-only scripts/stack-config.ts missing "$stack")

# Reads a value from the terminal: hidden for secrets; pasted text that may span lines ends with an empty line.
ask() {
    local key=$1 kind=$2 hint=$3 line value=""
    say "$key: $hint"
    while [[ -z $value ]]; do
        case "$kind" in
            secret-lines)
                IFS= read -r -s -p "$key (input hidden; paste it, then press Enter on an empty line): " line
                while [[ -n $line ]]; do
                    value+="${value:+$'\n'}$line"
                    IFS= read -r -s line || break
                done
                echo >&2
                ;;
            secret)
                IFS= read -r -s -p "$key (input hidden): " value
                echo >&2
                ;;
            *) IFS= read -r -p "$key: " value ;;
        esac
    done
    answer=$value
}

while IFS=$'\t' read -r key kind hint; do
    [[ -n $key ]] || continue
    if ! $interactive; then
        missing+=("$key (${kind%-lines}): $hint")
        continue
    fi
    ask "$key" "$kind" "$hint" </dev/tty
    flags=(--stack "$stack")
    [[ $kind == secret* ]] && flags+=(--secret)
    [[ $key == *.* ]] && flags+=(--path)
    printf '%s' "$answer" | pulumi config set "${flags[@]}" "$key"
    answer=""
    say "stored $key${kind:+ (${kind%-lines})}"
done <<<"$needs"

if [[ ${#missing[@]} -gt 0 ]]; then
    say "cannot ask without a terminal; missing (nothing was deployed):"
    printf '  - %s\n' "${missing[@]}" >&2
    say "run \`npm run up:$stack\` in a terminal, or set each value first: pulumi config set --stack $stack [--secret] [--path] <key> < file-with-the-value"
    exit 1
fi

pulumi up --stack "$stack" "$@"
