#!/usr/bin/env bash
# The main job for a new user with Docker and the Pulumi CLI: deploy the `local` stack on the local Docker engine,
# keeping Pulumi's state in a file backend inside the repository (no Pulumi Cloud account).
# Set the secrets first (README, "Quickstart"); this script refuses to run without them.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v pulumi >/dev/null 2>&1 || { echo "up-local: the Pulumi CLI is not installed (https://www.pulumi.com/docs/install/)" >&2; exit 1; }
command -v docker >/dev/null 2>&1 || { echo "up-local: the Docker CLI is not installed" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "up-local: no Docker engine answers; start Docker first" >&2; exit 1; }

mkdir -p .pulumi-state
export PULUMI_BACKEND_URL="file://$PWD/.pulumi-state"
# The file backend encrypts secrets with a passphrase; ask for it once if the caller has not set it.
if [[ -z "${PULUMI_CONFIG_PASSPHRASE:-}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
    read -r -s -p "Passphrase for this stack's secrets: " PULUMI_CONFIG_PASSPHRASE
    echo
    export PULUMI_CONFIG_PASSPHRASE
fi

pulumi stack select local 2>/dev/null || pulumi stack init local
pulumi up --stack local "$@"
