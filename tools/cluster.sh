#!/usr/bin/env bash
# A local PresenceGrains cluster on loopback: Azurite (Azure Tables and Queues, in memory), the platform emulator in a
# process of its own, and N host processes (the real Host binary) clustered through Azure Table membership on Azurite.
#
#   tools/cluster.sh up [N]        start Azurite, the emulator and N hosts (default 3); prints each host's address on a
#                                  line of its own (stdout), everything else on stderr, and returns
#   tools/cluster.sh down          stop everything `up` started
#   tools/cluster.sh status        which processes run, and each host's address
#   tools/cluster.sh kill I [SIG]  send host I (1-based) a signal (default KILL): try failover
#   tools/cluster.sh start I       start host I again on its own ports (after kill)
#
# Environment: CLUSTER_DIR (state: pid files, ports, logs; default .cluster), CLUSTER_AGENTS (simulated agents, default
# 50), CLUSTER_BUILD=0 (use the binaries already built), CLUSTER_CONFIGURATION (Release), CLUSTER_EMULATOR_ARGS and CLUSTER_HOST_ARGS (more settings on
# each command line, e.g. "--Emulator:Simulation:TimeScale=0.2" or "--Presence:Rules:HoldWindow=00:00:00.300").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${CLUSTER_DIR:-$root/.cluster}
host_dir=$root/src/PresenceGrains.Host
configuration=${CLUSTER_CONFIGURATION:-Release}
host_dll=$host_dir/bin/$configuration/net10.0/PresenceGrains.Host.dll
emulator_dir=$root/src/PresenceGrains.Emulator/bin/$configuration/net10.0
# Azurite's documented development account; it only ever answers on loopback.
azurite_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

say() { echo "$@" >&2; }
die() { say "cluster: $*"; exit 1; }

# A loopback port nothing listens on and this run has not handed out yet, below the ephemeral range: a port there
# may be taken by any outgoing connection between this check and the bind.
taken=" "
ephemeral_low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  local port
  while true; do
    port=$((10000 + RANDOM % (ephemeral_low - 10000)))
    [[ $taken == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken+="$port "
      echo "$port"
      return
    fi
  done
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits until a URL answers 200, or the process behind a pid file is gone, or the bound passes.
wait_http() {
  local url=$1 pidfile=$2 what=$3 deadline=$((SECONDS + ${4:-120}))
  until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
    alive "$pidfile" || die "$what exited; see its log in $state"
    (( SECONDS < deadline )) || die "$what did not answer $url in time; see its log in $state"
    sleep 0.5
  done
}

# Starts a command detached from this shell (its own session: `down` signals exactly it), output appended to its log
# (a host started again after a kill adds to the log of its earlier run).
spawn() {
  local name=$1; shift
  setsid "$@" >>"$state/$name.log" 2>&1 < /dev/null &
  echo $! >"$state/$name.pid"
}

start_host() {
  local i=$1
  # shellcheck disable=SC1091
  source "$state/cluster.env"
  local http_var="HOST_${i}_HTTP" silo_var="HOST_${i}_SILO" gateway_var="HOST_${i}_GATEWAY"
  [[ -n ${!http_var:-} ]] || die "there is no host $i in this cluster"
  alive "$state/host-$i.pid" && die "host $i is already running (pid $(cat "$state/host-$i.pid"))"
  # The host's folder is the content root, as under `dotnet run`: its appsettings.json and the page in wwwroot.
  # shellcheck disable=SC2086
  (cd "$host_dir" && spawn "host-$i" dotnet "$host_dll" \
    --urls "http://127.0.0.1:${!http_var}" \
    --Presence:Storage:ConnectionString="$STORAGE" \
    --Presence:Cluster:ClusterId="$CLUSTER_ID" \
    --Presence:Cluster:ServiceId=presencegrains \
    --Presence:Cluster:AdvertisedAddress=127.0.0.1 \
    --Presence:Cluster:SiloPort="${!silo_var}" \
    --Presence:Cluster:GatewayPort="${!gateway_var}" \
    --Presence:Platform:BaseUrl="$EMULATOR" \
    --Presence:Platform:TenantId=demo \
    --Presence:Platform:ClientId=presence-demo \
    --Presence:Platform:ClientSecret=presence-demo-secret \
    --Presence:Auth:DevTokens=true \
    --Presence:Auth:SigningKey="$SIGNING_KEY" \
    ${CLUSTER_HOST_ARGS:-})
}

wait_host() {
  local i=$1 http_var="HOST_${1}_HTTP"
  # shellcheck disable=SC1091
  source "$state/cluster.env"
  wait_http "http://127.0.0.1:${!http_var}/health/live" "$state/host-$i.pid" "host $i" 180
}

up() {
  local n=${1:-3} agents=${CLUSTER_AGENTS:-50}
  [[ $n =~ ^[1-9][0-9]?$ ]] || die "up takes a number of hosts from 1 to 99, not '$n'"
  [[ $agents =~ ^[1-9][0-9]*$ ]] || die "CLUSTER_AGENTS must be a positive number, not '$agents'"
  if [[ -f $state/cluster.env ]]; then
    for pid in "$state"/*.pid; do alive "$pid" && die "a cluster is already up in $state: tools/cluster.sh down first"; done
  fi
  command -v curl >/dev/null || die "curl is needed"
  local azurite=$root/tools/azurite/node_modules/.bin/azurite
  if [[ ! -x $azurite ]]; then
    say "== installing Azurite (npm ci, once)"
    (cd "$root/tools/azurite" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  node "$root/tools/azurite/patch-lookups.js" >&2
  if [[ ${CLUSTER_BUILD:-1} != 0 ]]; then
    say "== building the host ($configuration, once for every host)"
    dotnet build "$host_dir" -c "$configuration" -nologo -clp:ErrorsOnly -v:q >&2
  fi
  [[ -f $host_dll ]] || die "no host binary at $host_dll (build it, or leave CLUSTER_BUILD unset)"

  rm -rf "$state"
  mkdir -p "$state"
  local blob queue table emulator_port
  blob=$(free_port); queue=$(free_port); table=$(free_port); emulator_port=$(free_port)
  {
    echo "CLUSTER_ID=cluster-$(date +%s)"
    echo "HOSTS=$n"
    echo "AZURITE_TABLE_PORT=$table"
    echo "STORAGE='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;'"
    echo "EMULATOR=http://127.0.0.1:$emulator_port/"
    # One signing key for every host: a development token from one is good on all (a feed client moves between them).
    echo "SIGNING_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
    for i in $(seq 1 "$n"); do
      echo "HOST_${i}_HTTP=$(free_port)"; echo "HOST_${i}_SILO=$(free_port)"; echo "HOST_${i}_GATEWAY=$(free_port)"
    done
  } >"$state/cluster.env"
  # shellcheck disable=SC1091
  source "$state/cluster.env"

  say "== Azurite on 127.0.0.1:$table (tables), :$queue (queues), in memory"
  spawn azurite "$azurite" --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry --silent \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table"
  local deadline=$((SECONDS + 60))
  until listening "$table" && listening "$queue"; do
    alive "$state/azurite.pid" || die "Azurite exited; see $state/azurite.log"
    (( SECONDS < deadline )) || die "Azurite did not listen within 60 s"
    sleep 0.2
  done

  say "== emulator on $EMULATOR ($agents agents)"
  # shellcheck disable=SC2086
  (cd "$emulator_dir" && spawn emulator dotnet PresenceGrains.Emulator.dll --urls "${EMULATOR%/}" \
    --Emulator:Simulation:AgentCount="$agents" --Logging:LogLevel:Default=Warning ${CLUSTER_EMULATOR_ARGS:-})
  wait_http "${EMULATOR}emulator/simulation" "$state/emulator.pid" "the emulator" 120

  say "== $n hosts (cluster $CLUSTER_ID on Azure Table membership)"
  for i in $(seq 1 "$n"); do start_host "$i"; done
  for i in $(seq 1 "$n"); do wait_host "$i"; done

  # Watch every agent of the emulator's contact centre, as the embedded default does: its agent list is the body's.
  local token
  token=$(curl -fsS -X POST "http://127.0.0.1:${HOST_1_HTTP}/auth/dev-token" -H 'content-type: application/json' \
    -d '{"tenant":"demo","scopes":["presence:read","presence:admin"]}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  { printf '{"agents":'; curl -fsS "${EMULATOR}emulator/agents"; printf '}'; } >"$state/watch.json"
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:${HOST_1_HTTP}/api/tenants/demo/watch" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' --data-binary "@$state/watch.json" \
    || die "could not set the watched set; see $state/host-1.log"
  say "== watching $agents agents; ready. Token: curl -s -X POST http://127.0.0.1:${HOST_1_HTTP}/auth/dev-token -H 'content-type: application/json' -d '{\"tenant\":\"demo\",\"scopes\":[\"presence:read\"]}'"
  say "   emulator ${EMULATOR%/} (truth: ${EMULATOR}emulator/truth); logs and pid files in $state; tools/cluster.sh kill 1 to try failover"
  for i in $(seq 1 "$n"); do
    local http_var="HOST_${i}_HTTP"
    echo "http://127.0.0.1:${!http_var}"
  done
}

# Stops what a pid file names (its whole session), then forgets it.
stop_pidfile() {
  local pidfile=$1 pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

down() {
  [[ -d $state ]] || { say "no cluster in $state"; return 0; }
  # Hosts first (they leave the membership table cleanly), then the emulator and Azurite.
  for pidfile in "$state"/host-*.pid "$state"/emulator.pid "$state"/azurite.pid; do
    [[ -f $pidfile ]] && stop_pidfile "$pidfile"
  done
  say "cluster in $state stopped"
}

status() {
  [[ -f $state/cluster.env ]] || die "no cluster in $state"
  # shellcheck disable=SC1091
  source "$state/cluster.env"
  for name in azurite emulator; do
    if alive "$state/$name.pid"; then say "$name: running (pid $(cat "$state/$name.pid"))"; else say "$name: stopped"; fi
  done
  for i in $(seq 1 "$HOSTS"); do
    local http_var="HOST_${i}_HTTP"
    if alive "$state/host-$i.pid"; then say "host $i: running (pid $(cat "$state/host-$i.pid"))"; else say "host $i: stopped"; fi
    echo "http://127.0.0.1:${!http_var}"
  done
}

signal_host() {
  local i=${1:?kill takes a host number} sig=${2:-KILL}
  alive "$state/host-$i.pid" || die "host $i is not running"
  kill "-$sig" -- "-$(cat "$state/host-$i.pid")"
  say "host $i sent SIG$sig"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down ;;
  status) status ;;
  kill) signal_host "${2:-}" "${3:-KILL}" ;;
  start) start_host "${2:?start takes a host number}"; wait_host "$2"; say "host $2 running again" ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
