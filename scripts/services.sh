#!/usr/bin/env bash
# Installs and runs the two real servers the adapter tests talk to, on 127.0.0.1 only:
#   - Apache Kafka 4.x, single-node KRaft, from Maven Central jars
#   - FerretDB 1.x (MongoDB wire protocol) built from the Go module proxy, on PostgreSQL (Debian's
#     `postgresql` package, installed with apt when missing) or, with EVENTFLOW_FERRETDB_HANDLER=sqlite,
#     on its embedded SQLite backend (scripts/services/mongo.sh)
# Nothing is committed: jars/binaries are cached under ${EVENTFLOW_CACHE:-$HOME/.cache/eventflow}.
#
# Usage: scripts/services.sh install | up [kafka|mongo] | down [kafka|mongo] | restart kafka|mongo
#                            | status | env | clean
# See scripts/services/README.md.
set -euo pipefail

SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
SERVICES_DIR="$(dirname "$SCRIPT_PATH")/services"

CACHE="${EVENTFLOW_CACHE:-$HOME/.cache/eventflow}"
RUN_DIR="${EVENTFLOW_RUN_DIR:-/tmp/eventflow-services}"
KAFKA_VERSION="${EVENTFLOW_KAFKA_VERSION:-4.3.1}"
FERRETDB_VERSION="${EVENTFLOW_FERRETDB_VERSION:-v1.24.0}"
KAFKA_HOME="$CACHE/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_PROBE="$KAFKA_HOME/probe"
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION/ferretdb"
# FerretDB's backend: postgresql (its production backend; `pg` is accepted) or sqlite (embedded).
FERRETDB_HANDLER="${EVENTFLOW_FERRETDB_HANDLER:-postgresql}"
[[ "$FERRETDB_HANDLER" != pg ]] || FERRETDB_HANDLER=postgresql
KAFKA_TIMEOUT="${EVENTFLOW_KAFKA_TIMEOUT:-120}"
MONGO_TIMEOUT="${EVENTFLOW_MONGO_TIMEOUT:-60}"
STOP_TIMEOUT="${EVENTFLOW_STOP_TIMEOUT:-30}"

# FerretDB and the PostgreSQL it stores into: install, start, wait, stop.
# shellcheck source=services/mongo.sh
source "$SERVICES_DIR/mongo.sh"

log() { echo "[services] $*" >&2; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not on PATH ($2)"; }

# ---------------------------------------------------------------- install

install_kafka() {
  if [[ -f "$KAFKA_HOME/.complete" ]]; then
    log "kafka $KAFKA_VERSION already installed in $KAFKA_HOME"
    return
  fi
  need java "Kafka 4 needs Java 17+"
  need javac "needed to compile the readiness probe"
  need mvn "fetches the Kafka jars from Maven Central"
  local jv
  jv="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  [[ -n "$jv" && "$jv" -ge 17 ]] || die "Kafka $KAFKA_VERSION needs Java 17+, found: $(java -version 2>&1 | head -1)"
  log "fetching kafka_2.13:$KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  rm -rf "$KAFKA_HOME.tmp"
  mkdir -p "$KAFKA_HOME.tmp"
  mvn -q -B -Dstyle.color=never -f "$SERVICES_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DoutputDirectory="$KAFKA_HOME.tmp/libs" >&2 \
    || die "mvn could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
  javac -nowarn -cp "$KAFKA_HOME.tmp/libs/*" -d "$KAFKA_HOME.tmp/probe" "$SERVICES_DIR/kafka/KafkaReady.java" >&2 \
    || die "could not compile the Kafka readiness probe"
  touch "$KAFKA_HOME.tmp/.complete"
  rm -rf "$KAFKA_HOME"
  mv "$KAFKA_HOME.tmp" "$KAFKA_HOME"
  log "kafka $KAFKA_VERSION installed ($(ls "$KAFKA_LIBS" | wc -l) jars)"
}

cmd_install() {
  mkdir -p "$CACHE"
  install_kafka
  install_ferretdb
  [[ "$FERRETDB_HANDLER" != postgresql ]] || install_postgres
}

# ---------------------------------------------------------------- process helpers

svc_dir() { echo "$RUN_DIR/$1"; }

# True when the pid file names a live process that is ours (its command line mentions our dir).
is_running() {
  local d pid state
  d="$(svc_dir "$1")"
  [[ -f "$d/pid" ]] || return 1
  pid="$(cat "$d/pid")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)"
  [[ "$state" != "Z" && -n "$state" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$d/"
}

pid_alive() {
  local pid="$1" state
  [[ -r "/proc/$pid/status" ]] || return 1
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != "Z" ]]
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

# Port saved in the run dir (kept across restarts), or a fresh free one.
port_for() {
  local f="$1"
  if [[ ! -s "$f" ]]; then
    local p
    while :; do
      p="$(free_port)"
      # never hand out a port another service in this run dir already holds
      grep -qxF "$p" "$RUN_DIR"/*/*port 2>/dev/null || break
    done
    echo "$p" > "$f"
  fi
  cat "$f"
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log_tail() { echo "---- last lines of $1 ----"; tail -n "${2:-40}" "$1" 2>/dev/null || true; echo "----"; }

# Waits until a just-started server opens its port; dies with its log if it exits or the deadline passes.
await_port() {
  local name="$1" label="$2" port="$3" pid="$4" deadline="$5" timeout="$6" d
  d="$(svc_dir "$name")"
  until tcp_open "$port"; do
    pid_alive "$pid" || { log_tail "$d/server.log" >&2; die "$label exited during startup (log: $d/server.log)"; }
    (( $(date +%s) < deadline )) || { log_tail "$d/server.log" >&2; stop_svc "$name"; die "$label did not open 127.0.0.1:$port within ${timeout}s (log: $d/server.log)"; }
    sleep 0.1
  done
}

stop_svc() {
  local name="$1" d pid i
  d="$(svc_dir "$name")"
  if ! is_running "$name"; then
    rm -f "$d/pid"
    return 0
  fi
  pid="$(cat "$d/pid")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    log "$name (pid $pid) did not stop within ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do pid_alive "$pid" || break; sleep 0.1; done
  fi
  rm -f "$d/pid"
}

# ---------------------------------------------------------------- kafka

kafka_url() { echo "127.0.0.1:$(cat "$(svc_dir kafka)/port")"; }

write_kafka_config() {
  local d="$1" port="$2" cport="$3"
  cat > "$d/server.properties" <<EOF
# generated by scripts/services.sh
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$d/data
num.partitions=${EVENTFLOW_KAFKA_PARTITIONS:-4}
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=8
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
${EVENTFLOW_KAFKA_EXTRA_PROPS:-}
EOF
  cat > "$d/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = ${env:EVENTFLOW_KAFKA_LOG_LEVEL:-INFO}
rootLogger.appenderRef.out.ref = OUT
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

start_kafka() {
  local d port cport cid
  d="$(svc_dir kafka)"
  [[ -f "$KAFKA_HOME/.complete" ]] || die "kafka $KAFKA_VERSION is not installed; run: bash scripts/services.sh install"
  mkdir -p "$d/data"
  port="$(port_for "$d/port")"
  cport="$(port_for "$d/controller.port")"
  tcp_open "$port" && die "kafka port 127.0.0.1:$port is already taken by another process"
  write_kafka_config "$d" "$port" "$cport"
  local jvm=(java ${EVENTFLOW_KAFKA_HEAP:--Xms256m -Xmx1g} -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -Djava.awt.headless=true "-Dlog4j2.configurationFile=$d/log4j2.properties" -cp "$KAFKA_LIBS/*")
  if [[ ! -f "$d/data/meta.properties" ]]; then
    cid="$(python3 -c 'import uuid,base64
while True:
    s=base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
    if not s.startswith("-"): print(s); break')"
    echo "$cid" > "$d/cluster.id"
    EVENTFLOW_KAFKA_LOG_LEVEL=WARN "${jvm[@]}" kafka.tools.StorageTool format -t "$cid" \
      -c "$d/server.properties" --standalone > "$d/format.log" 2>&1 \
      || { log_tail "$d/format.log" >&2; die "kafka storage format failed"; }
  fi
  log "starting kafka $KAFKA_VERSION on 127.0.0.1:$port (controller $cport)"
  echo "=== start $(date -Is) ===" >> "$d/server.log"
  setsid nohup "${jvm[@]}" kafka.Kafka "$d/server.properties" >> "$d/server.log" 2>&1 < /dev/null &
  echo $! > "$d/pid"
  date +%s.%N > "$d/started_at"
}

wait_kafka() {
  local d port pid deadline left
  d="$(svc_dir kafka)"
  port="$(cat "$d/port")"
  pid="$(cat "$d/pid")"
  deadline=$(( $(date +%s) + KAFKA_TIMEOUT ))
  await_port kafka kafka "$port" "$pid" "$deadline" "$KAFKA_TIMEOUT"
  left=$(( deadline - $(date +%s) )); (( left > 5 )) || left=5
  if ! java -cp "$KAFKA_LIBS/*:$KAFKA_PROBE" KafkaReady "127.0.0.1:$port" "$((left * 1000))" > "$d/probe.log" 2>&1; then
    cat "$d/probe.log" >&2
    log_tail "$d/server.log" >&2
    stop_svc kafka
    die "kafka on 127.0.0.1:$port did not answer a metadata request within ${KAFKA_TIMEOUT}s (log: $d/server.log)"
  fi
  log "kafka ready on 127.0.0.1:$port in $(python3 -c "import time;print(round(time.time()-$(cat "$d/started_at"),1))")s"
}

# ---------------------------------------------------------------- watchdog

# Optional: with EVENTFLOW_SERVICES_WATCH_PID set, `up` starts a small watcher that runs `down`
# for this run dir once that pid is gone (so a crashed test runner leaves no servers behind).
start_watchdog() {
  local watch="${EVENTFLOW_SERVICES_WATCH_PID:-}"
  [[ -n "$watch" ]] || return 0
  is_running watchdog && return 0
  mkdir -p "$RUN_DIR/watchdog"
  setsid nohup bash "$SCRIPT_PATH" __watchdog "$watch" "$RUN_DIR/watchdog/" \
    >> "$RUN_DIR/watchdog/log" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/watchdog/pid"
}

cmd_watchdog() {
  local watch="$1"
  while pid_alive "$watch"; do sleep 2; done
  echo "$(date -Is) watched pid $watch is gone; stopping services in $RUN_DIR"
  rm -f "$RUN_DIR/watchdog/pid"
  stop_svc kafka
  stop_mongo
}

# ---------------------------------------------------------------- commands

env_var_for() { case "$1" in kafka) echo EVENTFLOW_KAFKA_BROKERS ;; mongo) echo EVENTFLOW_MONGO_URL ;; esac; }
url_for() { case "$1" in kafka) kafka_url ;; mongo) mongo_url ;; esac; }

# A service is "external" when its env var is set and this run dir has never managed it.
is_external() {
  local var
  var="$(env_var_for "$1")"
  [[ -n "${!var:-}" && ! -s "$(svc_dir "$1")/port" ]]
}

# Sets SVCS to the named services (default: both).
parse_services() {
  SVCS=()
  if [[ $# -eq 0 ]]; then SVCS=(kafka mongo); return; fi
  local s
  for s in "$@"; do
    case "$s" in kafka | mongo) SVCS+=("$s") ;; *) die "unknown service '$s' (expected kafka or mongo)" ;; esac
  done
}

write_env_file() {
  local s var lines=""
  for s in kafka mongo; do
    var="$(env_var_for "$s")"
    if [[ -s "$(svc_dir "$s")/port" ]]; then
      lines+="$var=$(url_for "$s")"$'\n'
    elif [[ -n "${!var:-}" ]]; then
      lines+="$var=${!var}"$'\n'
    fi
  done
  if [[ -s "$(svc_dir mongo)/port" && -n "$(ferretdb_postgres_url)" ]]; then
    lines+="EVENTFLOW_FERRETDB_POSTGRES_URL=$(ferretdb_postgres_url)"$'\n'
  fi
  printf '%s' "$lines" > "$RUN_DIR/env"
}

cmd_up() {
  local svcs s var started=()
  parse_services "$@"
  svcs=("${SVCS[@]}")
  mkdir -p "$RUN_DIR"
  touch "$RUN_DIR/.eventflow-services"
  for s in "${svcs[@]}"; do
    if is_external "$s"; then
      var="$(env_var_for "$s")"
      log "$var is set (${!var}); not starting $s"
    elif is_running "$s"; then
      log "$s already running (pid $(cat "$(svc_dir "$s")/pid"))"
    else
      "start_$s"
      started+=("$s")
    fi
  done
  for s in "${started[@]}"; do "wait_$s"; done
  start_watchdog
  write_env_file
  for s in "${svcs[@]}"; do
    var="$(env_var_for "$s")"
    if is_external "$s"; then echo "$var=${!var}"; else echo "$var=$(url_for "$s")"; fi
  done
  grep '^EVENTFLOW_FERRETDB_POSTGRES_URL=' "$RUN_DIR/env" || true
}

cmd_down() {
  local svcs s
  parse_services "$@"
  svcs=("${SVCS[@]}")
  [[ -d "$RUN_DIR" ]] || return 0
  if [[ $# -eq 0 ]]; then stop_svc watchdog; fi
  for s in "${svcs[@]}"; do if [[ "$s" == mongo ]]; then stop_mongo; else stop_svc "$s"; fi; done
}

cmd_restart() {
  [[ $# -ge 1 ]] || die "usage: services.sh restart kafka|mongo"
  local s
  parse_services "$@"
  for s in "${SVCS[@]}"; do
    [[ -s "$(svc_dir "$s")/port" ]] || die "$s is not managed by run dir $RUN_DIR (nothing to restart)"
    stop_svc "$s"
  done
  cmd_up "$@"
}

cmd_status() {
  local s var d
  echo "run dir: $RUN_DIR"
  for s in kafka mongo; do
    var="$(env_var_for "$s")"
    d="$(svc_dir "$s")"
    if is_running "$s"; then
      echo "$s: running pid $(cat "$d/pid") at $(url_for "$s") (data: $d/data, log: $d/server.log)"
    elif is_external "$s"; then
      echo "$s: external ($var=${!var})"
    elif [[ -s "$d/port" ]]; then
      echo "$s: stopped (last at $(url_for "$s"), data kept in $d/data)"
    else
      echo "$s: not started"
    fi
  done
  is_running postgres && echo "postgres (ferretdb's backend): pid $(cat "$(svc_dir postgres)/pid") on 127.0.0.1:$(cat "$(svc_dir postgres)/port") (data: $(svc_dir postgres)/data)"
  is_running watchdog && echo "watchdog: pid $(cat "$RUN_DIR/watchdog/pid")"
  return 0
}

cmd_clean() {
  cmd_down
  if [[ -f "$RUN_DIR/.eventflow-services" ]]; then
    rm -rf "$RUN_DIR"
  elif [[ -d "$RUN_DIR" ]]; then
    log "not removing $RUN_DIR: it has no .eventflow-services marker"
  fi
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    install) cmd_install ;;
    up | start) cmd_up "$@" ;;
    down | stop) cmd_down "$@" ;;
    restart) cmd_restart "$@" ;;
    status) cmd_status ;;
    env) [[ -f "$RUN_DIR/env" ]] && cat "$RUN_DIR/env" ;;
    clean) cmd_clean ;;
    __watchdog) cmd_watchdog "$1" ;;
    *)
      echo "usage: $0 install | up [kafka|mongo] | down [kafka|mongo] | restart kafka|mongo | status | env | clean" >&2
      exit 2
      ;;
  esac
}

main "$@"
