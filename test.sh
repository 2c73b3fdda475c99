#!/usr/bin/env bash
# Runs every test: installs what is missing, builds with warnings as errors, runs the suite
# against real Redis and PostgreSQL, runs the bench at its smoke size (so it cannot rot; it
# counts as one test), and ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --with-browser
dotnet build AgentChat.sln -c Release -warnaserror --nologo -v quiet
log=$(mktemp)
set +e
dotnet test AgentChat.sln -c Release --no-build --nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
echo "Bench smoke run:"
dotnet AgentChat.Bench/bin/Release/net10.0/AgentChat.Bench.dll --smoke
bench_status=$?
set -e
sum() { awk -v key="$1:" '$1 == key { s += $2 } END { print s + 0 }' "$log"; }
passed=$(sum Passed)
failed=$(sum Failed)
# CI shows the tail of the output: name each failed test (with its message) again just above the
# summary, where it is seen.
if [ "$failed" != 0 ]; then
  echo "Failed tests:"
  awk '/^  Failed [A-Za-z]/ { show = 12 } show > 0 { print; show-- }' "$log"
fi
rm -f "$log"
if [ "$bench_status" = 0 ]; then
  passed=$((passed + 1))
else
  echo "Bench smoke run failed ($bench_status)." >&2
  failed=$((failed + 1))
  [ "$status" != 0 ] || status=$bench_status
fi
echo "$passed passed, $failed failed"
if [ "$passed" = 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
