#!/usr/bin/env bash
# Runs every test of PresenceGrains on a fresh clone: installs what the tests need, builds, tests.
# Usage: ./test.sh            (everything)
#        ./test.sh --filter X (passes a dotnet test filter to every test project)
set -euo pipefail
cd "$(dirname "$0")"

filter=()
if [[ "${1:-}" == "--filter" && -n "${2:-}" ]]; then
  filter=(--filter "$2")
fi

# Azurite (Azure Storage on loopback) for the storage tests, pinned in tools/azurite; node_modules is the cache.
if [[ ! -x tools/azurite/node_modules/.bin/azurite ]]; then
  echo "== installing Azurite (npm ci, once)"
  (cd tools/azurite && npm ci --no-audit --no-fund --loglevel=error)
fi
node tools/azurite/patch-lookups.js

# Debian's Chromium for the browser test; Playwright drives it through ExecutablePath, no browser download.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing chromium (apt-get, once)"
  if [[ $(id -u) -eq 0 ]]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq chromium >/dev/null
fi

echo "== build"
dotnet build PresenceGrains.sln -c Release -nologo -clp:ErrorsOnly

results=$(mktemp -d)
publish=$(mktemp -d)
trap 'rm -rf "$results" "$publish"' EXIT
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  set +e
  dotnet test "$project" -c Release --no-build -nologo "${filter[@]}" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" >"$results/$name.log" 2>&1
  rc=$?
  set -e
  # The summary line, and every failure with its message, nothing else.
  grep -E '^\s*Failed |Passed!|Failed!|No test is available|Test Run Aborted' "$results/$name.log" || true
  if (( rc != 0 )); then
    status=1
    grep -A 30 -E '^\s*Failed |Test Run Aborted|error' "$results/$name.log" | head -200 || true
  fi
done

# The container's build step (src/PresenceGrains.Host/Dockerfile) without Docker: a framework-dependent Linux publish.
echo "== publish PresenceGrains.Host (linux-x64)"
if dotnet publish src/PresenceGrains.Host -c Release -r linux-x64 --self-contained false -o "$publish" -nologo -clp:ErrorsOnly \
    >"$results/publish.log" 2>&1 && [[ -f "$publish/PresenceGrains.Host.dll" ]]; then
  echo "publish: ok"
else
  echo "publish: FAILED"
  tail -30 "$results/publish.log"
  status=1
fi

# One closing line for every runner: the totals over all trx files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
if (( failed > 0 )); then status=1; fi
if (( passed == 0 )); then echo "no test ran"; status=1; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
