#!/usr/bin/env bash
# Measures what the streaming pipeline costs (issue 5): installs what is missing, builds in
# Release and runs AgentChat.Bench against a private Redis, PostgreSQL and Api on loopback.
# Arguments go to the bench, e.g. ./bench.sh --smoke or ./bench.sh --scenarios ttft,stop
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec dotnet run --project AgentChat.Bench -c Release -- "$@"
