#!/usr/bin/env bash
# Runs a command with Kafka and FerretDB available: uses EVENTFLOW_KAFKA_BROKERS / EVENTFLOW_MONGO_URL
# when both are set, else installs and starts the servers for the command's lifetime, then stops them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "${EVENTFLOW_KAFKA_BROKERS:-}" || -z "${EVENTFLOW_MONGO_URL:-}" ]]; then
  EVENTFLOW_RUN_DIR="$(mktemp -d /tmp/eventflow-run.XXXXXX)"
  export EVENTFLOW_RUN_DIR
  trap 'bash "$here/services.sh" down >/dev/null 2>&1 || true; rm -rf "$EVENTFLOW_RUN_DIR"' EXIT
  bash "$here/services.sh" install >&2
  while IFS= read -r line; do
    [[ "$line" == EVENTFLOW_* ]] && export "${line?}"
  done < <(bash "$here/services.sh" up)
fi
"$@"
