#!/usr/bin/env bash
# Runs AgentChat: installs what is missing, then starts the Aspire AppHost and its dashboard.
# Extra arguments go to the AppHost, e.g. ./run.sh --Infrastructure:Mode=Containers
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec dotnet run --project AgentChat.AppHost -- "$@"
