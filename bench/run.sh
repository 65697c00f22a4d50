#!/usr/bin/env bash
# Load benchmark of one Orchestrator node (issue #6): "10,000 calls due at once" (burst), "200
# calls/s for 30 s, each due 5 s later" (steady), "1,000,000 calls due in an hour" (hold), and
# GET/list over a seeded read model of 1,000,000 calls (query). See bench/README.md.
#
#   bench/run.sh [--build] [--scenario burst|steady|hold|query|both|LIST] [--db postgres|h2]
#                [--repeat=N] [--keep-data] [--reuse-db=NAME] [--heap 1g] [--wait-idle[=SECONDS]]
#                [--product-limits] [--name=value ...]
#   --name=value goes to Bench (e.g. --rate=1000 --burst-calls=10000; Bench --help lists them).
#   both = burst,steady (the default); rate is the old name of steady. hold and query run on
#   PostgreSQL only and are never part of "both".
#   --repeat=N: run it all N times (a fresh database each time) and summarize: median, min-max.
#   --product-limits: keep the node's default per-tenant admission limits (500 submits/s, ...).
#   --reuse-db=NAME: run on an existing database (one kept by --keep-data), never dropped.
#   --no-pg-analyze: on a PostgreSQL with autovacuum off, do NOT run ANALYZE every 15 s.
#   --wait-idle: before starting, wait (default up to 600 s) until the host is under 25 % busy.
#   NODE_JAVA_OPTS="..." adds JVM options to the node (e.g. a JFR recording).
#
# Results: bench/results/<timestamp>/{results.txt,results.json,summary.txt,summary.json,node.log,
# node-gc-<pid>.log,bench.log,build.log,host.log} (with --repeat, run-1/ ... run-N/ in it and the
# summary of all runs). Exit code: 0 when every accepted call was delivered exactly once and ended
# SUCCEEDED, no held call fired early (and every query answered), non-zero otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
ORIG_ARGS=("$@")

BUILD=0
SCENARIO=both
DB=postgres
KEEP=0
HEAP=1g
WAIT_IDLE=0
PG_ANALYZE=1
REUSE_DB=""
REPEAT=1
RESULTS_DIR=""
PRODUCT_LIMITS=0
BENCH_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) BUILD=1 ;;
    --scenario) SCENARIO=${2:?--scenario needs a value}; shift ;;
    --scenario=*) SCENARIO=${1#*=} ;;
    --db) DB=${2:?--db needs a value}; shift ;;
    --db=*) DB=${1#*=} ;;
    --keep-data) KEEP=1 ;;
    --reuse-db=*) REUSE_DB=${1#*=} ;;
    --heap) HEAP=${2:?--heap needs a value}; shift ;;
    --heap=*) HEAP=${1#*=} ;;
    --no-pg-analyze) PG_ANALYZE=0 ;;
    --wait-idle) WAIT_IDLE=600 ;;
    --wait-idle=*) WAIT_IDLE=${1#*=} ;;
    --repeat=*) REPEAT=${1#*=} ;;
    --results-dir=*) RESULTS_DIR=${1#*=} ;;
    --product-limits) PRODUCT_LIMITS=1 ;;
    -h|--help) usage; exit 0 ;;
    --*=*) BENCH_ARGS+=("$1") ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ $SCENARIO == both ]] && SCENARIO=burst,steady
SCENARIO=$(sed -E 's/(^|,)rate(,|$)/\1steady\2/g' <<<"$SCENARIO")
for s in ${SCENARIO//,/ }; do
  case "$s" in
    burst|steady|hold|query) ;;
    *) echo "run.sh: --scenario must be burst, steady (or rate), hold, query, both or a comma list of them" >&2; exit 2 ;;
  esac
done
[[ $REPEAT =~ ^[1-9][0-9]?$ ]] || { echo "run.sh: --repeat must be 1 to 99" >&2; exit 2; }
case "$DB" in
  postgres|postgresql|pg) DB=postgres ;;
  h2) ;;
  *) echo "run.sh: --db must be postgres or h2" >&2; exit 2 ;;
esac
QUERY=0
[[ ",$SCENARIO," == *,query,* ]] && QUERY=1
HOLD=0
[[ ",$SCENARIO," == *,hold,* ]] && HOLD=1
SUBMITS=0
[[ ",$SCENARIO," == *,burst,* || ",$SCENARIO," == *,steady,* || $HOLD == 1 ]] && SUBMITS=1
if [[ ( $QUERY == 1 || $HOLD == 1 ) && $DB != postgres ]]; then
  echo "run.sh: --scenario query and hold seed PostgreSQL directly; they do not run on H2" >&2; exit 2
fi
if [[ -n "$REUSE_DB" ]]; then
  [[ $DB == postgres ]] || { echo "run.sh: --reuse-db is for PostgreSQL" >&2; exit 2; }
  [[ $REUSE_DB =~ ^[a-z0-9_]{1,63}$ ]] || { echo "run.sh: --reuse-db: not a database name" >&2; exit 2; }
fi

TS=$(date -u +%Y%m%d_%H%M%S)
if [[ -n "$RESULTS_DIR" ]]; then
  RESULTS=$RESULTS_DIR
else
  while [[ -e "bench/results/$TS" ]]; do sleep 1; TS=$(date -u +%Y%m%d_%H%M%S); done
  RESULTS="bench/results/$TS"
fi
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
log() { printf '[run.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---- state for cleanup -------------------------------------------------------------------------
NODE_PID=""
BENCH_PID=""
WORK_SHARED=0
SAMPLER_PID=""
ANALYZER_PID=""
DBNAME=""
WORK=""
H2_DIR=""

# CPU ticks of nodes stopped during the benchmark (the hold scenario restarts the node), and the
# running node's ticks when the benchmark started (0 for one started during it).
NODE_TICKS_DONE=0
NODE_TICKS_BASE=0
stop_node() {
  [[ -n "$NODE_PID" ]] || return 0
  if [[ -n "$BENCH_PID" ]]; then
    NODE_TICKS_DONE=$(( NODE_TICKS_DONE + $(proc_ticks "$NODE_PID") - NODE_TICKS_BASE )); NODE_TICKS_BASE=0
  fi
  if kill -0 "$NODE_PID" 2>/dev/null; then
    log "stopping node (pid $NODE_PID)"
    kill -TERM "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$NODE_PID" 2>/dev/null; then
      log "node did not stop within 20 s; SIGKILL"
      kill -KILL "$NODE_PID" 2>/dev/null || true
    fi
  fi
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=""
}

cleanup() {
  local rc=$?
  [[ -z "$SAMPLER_PID" ]] || kill "$SAMPLER_PID" 2>/dev/null || true
  [[ -z "$ANALYZER_PID" ]] || kill "$ANALYZER_PID" 2>/dev/null || true
  stop_node
  if [[ -n "$DBNAME" ]]; then
    if [[ $KEEP == 1 || -n "$REUSE_DB" ]]; then
      log "kept database $DBNAME (bench/run.sh --reuse-db=$DBNAME ... runs on it again)"
    else
      psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" >/dev/null 2>&1 \
        || log "could not drop database $DBNAME"
    fi
  fi
  if [[ -n "$H2_DIR" && $KEEP == 0 ]]; then rm -rf "$H2_DIR"; fi
  if [[ -n "$WORK" && $WORK_SHARED == 0 ]]; then rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Sets FREE_PORT to a free loopback port below the kernel's ephemeral range (so that no outgoing connection of
# another process takes it between this check and its use), never one handed out before.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
TAKEN_PORTS=" "
free_port() {
  local p
  for _ in $(seq 1 500); do
    p=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
    [[ $TAKEN_PORTS == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then TAKEN_PORTS+="$p "; FREE_PORT=$p; return 0; fi
  done
  echo "run.sh: no free port found" >&2; return 1
}

HZ=$(getconf CLK_TCK)
# utime + stime of a process in clock ticks (0 when gone). Fields after "(comm) " start at 3.
proc_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }
  # shellcheck disable=SC2086
  set -- $s
  echo $(( ${12} + ${13} ))
}
# "busy total" clock ticks of the whole host since boot, from /proc/stat.
host_ticks() {
  local _c u n sy i w irq sirq st
  read -r _c u n sy i w irq sirq st _ </proc/stat
  echo "$(( u + n + sy + irq + sirq + st )) $(( u + n + sy + i + w + irq + sirq + st ))"
}
# Summed CPU ticks of the PostgreSQL backends serving the bench database.
pg_ticks() {
  local t=0 pid
  [[ -n "$DBNAME" ]] || { echo 0; return; }
  for pid in $(pgrep -f "postgres: .*$DBNAME" || true); do t=$(( t + $(proc_ticks "$pid") )); done
  echo "$t"
}
busy_pct_over() { # seconds -> host busy percent during that interval
  local a b
  read -r -a a <<<"$(host_ticks)"; sleep "$1"; read -r -a b <<<"$(host_ticks)"
  echo $(( 100 * (b[0] - a[0]) / ( (b[1] - a[1]) > 0 ? (b[1] - a[1]) : 1 ) ))
}
secs() { awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.1f", t / hz }'; }

# ---- (a, b) build ------------------------------------------------------------------------------
BUILD_LOG="$RESULTS/build.log"
WORK_SHARED=0
if [[ -n "${ORCH_BENCH_WORK:-}" ]]; then
  # One run of --repeat: the parent built and compiled once; its private copies serve every run.
  WORK=$ORCH_BENCH_WORK; WORK_SHARED=1
  BENCH_CP="$WORK/classes:$(cat "$WORK/dep-classpath.txt")"
else
  if [[ $BUILD == 1 || ! -f target/orchestrator.jar ]]; then
    log "building target/orchestrator.jar"
    mvn -q -B package -DskipTests >"$BUILD_LOG" 2>&1 || { tail -40 "$BUILD_LOG" >&2; log "build failed (see $BUILD_LOG)"; exit 1; }
  fi
  log "resolving the benchmark's classpath and compiling it"
  if ! mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >>"$BUILD_LOG" 2>&1; then
    tail -20 "$BUILD_LOG" >&2
    if [[ -s target/bench-classpath.txt ]]; then
      log "dependency:build-classpath failed (pom.xml mid-edit?); using the previous target/bench-classpath.txt"
    else
      log "dependency:build-classpath failed (see $BUILD_LOG)"; exit 1
    fi
  fi

  # Private copies, so that others compiling into the shared target/ (or leaving a half-written
  # test elsewhere in src/test) cannot break or pull away what this run uses: the benchmark package
  # is compiled on its own (it needs only Jackson, HdrHistogram and the PostgreSQL driver), the jar
  # is copied and checked.
  WORK=$(mktemp -d /tmp/orch-bench.XXXXXX)
  cp target/bench-classpath.txt "$WORK/dep-classpath.txt"
  DEP_CP=$(cat "$WORK/dep-classpath.txt")
  # (Its *Test files are unit tests that need the main classes; Maven runs them, not this.)
  BENCH_SOURCES=()
  for f in src/test/java/dev/orchestrator/bench/*.java; do [[ $f == *Test.java ]] || BENCH_SOURCES+=("$f"); done
  javac -nowarn -d "$WORK/classes" -cp "$DEP_CP" "${BENCH_SOURCES[@]}" >>"$BUILD_LOG" 2>&1 \
    || { tail -40 "$BUILD_LOG" >&2; log "compiling the benchmark failed (see $BUILD_LOG)"; exit 1; }
  BENCH_CP="$WORK/classes:$DEP_CP"
  for attempt in 1 2 3 4 5 6; do
    cp target/orchestrator.jar "$WORK/orchestrator.jar" 2>/dev/null && unzip -tqq "$WORK/orchestrator.jar" >/dev/null 2>&1 && break
    [[ $attempt == 6 ]] && { log "target/orchestrator.jar is missing or broken (someone rebuilding?); rerun with --build"; exit 1; }
    log "target/orchestrator.jar is being rewritten; retrying in 10 s"; sleep 10
  done
fi

# ---- --repeat: the same run N times, each in run-<i>/ with a database of its own, then a summary.
if (( REPEAT > 1 )); then
  CHILD_ARGS=()
  for a in "${ORIG_ARGS[@]}"; do
    case "$a" in --repeat=*|--build|--results-dir=*) ;; *) CHILD_ARGS+=("$a") ;; esac
  done
  RC=0
  RUN_JSONS=()
  for i in $(seq 1 "$REPEAT"); do
    log "run $i of $REPEAT (bench/results/$(basename "$RESULTS")/run-$i)"
    ORCH_BENCH_WORK=$WORK ORCH_BENCH_COMMAND="bench/run.sh ${ORIG_ARGS[*]}" \
      "${BASH_SOURCE[0]}" ${CHILD_ARGS[@]+"${CHILD_ARGS[@]}"} --results-dir="$RESULTS/run-$i" || RC=1
    [[ -f "$RESULTS/run-$i/results.json" ]] && RUN_JSONS+=("$RESULTS/run-$i/results.json")
  done
  if (( ${#RUN_JSONS[@]} > 0 )); then
    java -cp "$BENCH_CP" dev.orchestrator.bench.Summary "$RESULTS" "${RUN_JSONS[@]}" \
      || { log "summarizing failed"; RC=1; }
  fi
  echo
  echo "== $RESULTS/summary.txt (the targets; every figure's median and spread are in the file)"
  sed -n '1,/^== all figures/p' "$RESULTS/summary.txt" 2>/dev/null | sed '$d' || true
  exit "$RC"
fi

if (( WAIT_IDLE > 0 )); then
  waited=0
  while :; do
    busy=$(busy_pct_over 5); waited=$(( waited + 5 ))
    (( busy < 25 )) && { log "host is ${busy}% busy; starting"; break; }
    (( waited >= WAIT_IDLE )) && { log "host still ${busy}% busy after ${WAIT_IDLE} s; starting anyway"; break; }
    log "host is ${busy}% busy (other builds or tests?); waiting for it to calm down"
  done
fi
IDLE_BEFORE=$(busy_pct_over 2)
LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- (c) database ------------------------------------------------------------------------------
NODE_ENV=(env -u DATABASE_URL -u DATABASE_USER -u DATABASE_PASSWORD -u DATA_DIR -u SEED_NODES -u SECRETS_KEY -u SIGNING_SECRETS
  -u LIMITS_SUBMIT_RATE -u LIMITS_SUBMIT_BURST -u LIMITS_MAX_PENDING_PER_TENANT)
if [[ $DB == postgres ]]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if [[ -n "$REUSE_DB" ]]; then
    DBNAME=$REUSE_DB
    psql -h 127.0.0.1 -U postgres -d "$DBNAME" -qc "select 1" >/dev/null 2>&1 \
      || { log "database $DBNAME does not exist"; DBNAME=""; exit 1; }
    log "reusing database $DBNAME"
  else
    DBNAME="orch_bench_${TS}"
    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $DBNAME" >/dev/null
    log "created database $DBNAME"
  fi
  BENCH_ARGS+=("--db-url=jdbc:postgresql://127.0.0.1:5432/$DBNAME" "--db-user=postgres")
  # PostgreSQL needs a SECRETS_KEY (seals sensitive headers); a throwaway one per run. H2 keeps
  # its default (a key file in DATA_DIR).
  NODE_ENV+=(DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DBNAME" DATABASE_USER=postgres DATABASE_PASSWORD=
    SECRETS_KEY="$(head -c 32 /dev/urandom | base64)")
else
  H2_DIR="$RESULTS/h2-data"
  mkdir -p "$H2_DIR"
  NODE_ENV+=(DATA_DIR="$H2_DIR")
fi

# ---- (d) the node ------------------------------------------------------------------------------
free_port; HTTP_PORT=$FREE_PORT
free_port; CLUSTER_PORT=$FREE_PORT
free_port; MANAGEMENT_PORT=$FREE_PORT
free_port; SINK_PORT=$FREE_PORT
API_KEY="bench-$RANDOM$RANDOM"
TENANT=bench
NODE_ENV+=(HTTP_HOST=127.0.0.1 HTTP_PORT="$HTTP_PORT" CLUSTER_HOST=127.0.0.1 CLUSTER_PORT="$CLUSTER_PORT"
  MANAGEMENT_PORT="$MANAGEMENT_PORT" API_KEYS="$API_KEY=$TENANT" OUTBOUND_ALLOW_HOSTS="127.0.0.1/32:$SINK_PORT")
# The benchmark measures the node, not its admission control: unless --product-limits, the bench
# tenant may submit 10,000 at once and hold millions (production defaults: 500/s, burst 1,000,
# 100,000 pending; README "Limits and quotas").
if [[ $PRODUCT_LIMITS == 1 ]]; then
  NODE_LIMITS="product defaults"
else
  NODE_LIMITS="submit-rate 1000000/s, submit-burst 1000000, max-pending 100000000"
  NODE_ENV+=(LIMITS_SUBMIT_RATE=1000000 LIMITS_SUBMIT_BURST=1000000 LIMITS_MAX_PENDING_PER_TENANT=100000000)
fi

# Starts the node (appending to node.log, a GC log per JVM) and waits up to 300 s for
# /health/ready, polling every 0.1 s. Sets NODE_PID and START_TO_READY_MS; returns 1 if it exited
# or never became ready.
start_node() {
  local t0 ready=0
  t0=$(date +%s%N)
  # shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of options
  "${NODE_ENV[@]}" java "-Xmx$HEAP" "-Xlog:gc:file=$RESULTS/node-gc-%p.log" ${NODE_JAVA_OPTS:-} \
    -jar "$WORK/orchestrator.jar" >>"$RESULTS/node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 3000); do
    kill -0 "$NODE_PID" 2>/dev/null || { log "node exited during start-up"; return 1; }
    if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null; then ready=1; break; fi
    sleep 0.1
  done
  START_TO_READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  [[ $ready == 1 ]] || { log "node not ready after 300 s"; return 1; }
}

log "starting node: http 127.0.0.1:$HTTP_PORT, db $DB, heap $HEAP, limits: $NODE_LIMITS, log $RESULTS/node.log"
: >"$RESULTS/node.log"
start_node || { tail -30 "$RESULTS/node.log" >&2; exit 1; }
log "node ready after $START_TO_READY_MS ms (pid $NODE_PID)"

# A PostgreSQL with autovacuum off (as on the reference host) never refreshes its statistics, and
# with the estimates of empty tables it plans the read journal's eventsByTag query as a scan of
# every row of the tag, per poll: CPU then grows with the journal. Production servers run
# autovacuum, so by default its ANALYZE is emulated here. Not for the query scenario alone: it
# analyzes its seed once, and an ANALYZE of the whole database every 15 s would be load of its own.
PG_AUTOVACUUM=n/a
if [[ $DB == postgres ]]; then
  PG_AUTOVACUUM=$(psql -h 127.0.0.1 -U postgres -tAqc "show autovacuum" 2>/dev/null || echo unknown)
  if [[ $PG_AUTOVACUUM == off && $PG_ANALYZE == 1 && $SUBMITS == 1 ]]; then
    PG_AUTOVACUUM="off (emulated: ANALYZE every 15 s by run.sh)"
    ( while :; do sleep 15; psql -h 127.0.0.1 -U postgres -d "$DBNAME" -qc "ANALYZE" >/dev/null 2>&1; done ) &
    ANALYZER_PID=$!
  fi
fi

# ---- (e) the benchmark -------------------------------------------------------------------------
read -r -a HOST0 <<<"$(host_ticks)"
NODE_TICKS_BASE=$(proc_ticks "$NODE_PID")
PG0=$(pg_ticks)
# What else runs on the host meanwhile: the busiest processes every 5 s, in host.log.
( while :; do
    { date -u +%H:%M:%S; top -b -c -n2 -d1 -w 220 -o %CPU | awk '/^top -/ { n++ } n == 2' | sed -n '7,13p'; } >>"$RESULTS/host.log" 2>/dev/null
    sleep 4
  done ) &
SAMPLER_PID=$!

# Requests of Bench (NodeControl.java) to measure, stop or start the node, which this script owns:
# "<seq> heap|stop|start" in $CTL/request, answered with key=value lines in $CTL/response.
CTL="$WORK/ctl-$$"
mkdir -p "$CTL"
# Heap used after a full GC (from the node's GC log: the "Pause Full (Diagnostic Command)" line that
# jcmd GC.run causes; GC.heap_info if that line cannot be found) and the node's RSS.
ctl_heap() {
  local gclog="$RESULTS/node-gc-$NODE_PID.log" n0 n1 line
  n0=$(grep -c 'Pause Full' "$gclog" 2>/dev/null) || true
  jcmd "$NODE_PID" GC.run >/dev/null 2>&1 || { echo "error=jcmd $NODE_PID GC.run failed"; return; }
  for _ in $(seq 1 100); do
    n1=$(grep -c 'Pause Full' "$gclog" 2>/dev/null) || true
    (( ${n1:-0} > ${n0:-0} )) && break
    sleep 0.05
  done
  line=$(grep 'Pause Full' "$gclog" 2>/dev/null | tail -1)
  if (( ${n1:-0} > ${n0:-0} )) && [[ $line =~ \)\ ([0-9]+)M-\>([0-9]+)M\(([0-9]+)M\) ]]; then
    echo "heap_used_mb=${BASH_REMATCH[2]}"
    echo "heap_source=gc-log"
  else
    line=$(jcmd "$NODE_PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9)
    [[ -n "$line" ]] || { echo "error=no heap figure from the GC log or GC.heap_info"; return; }
    echo "heap_used_mb=$(( line / 1024 ))"
    echo "heap_source=GC.heap_info"
  fi
  echo "rss_mb=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$NODE_PID/status" 2>/dev/null)"
}
ctl_answer() {
  local seq cmd t0
  read -r seq cmd <"$CTL/request"; rm -f "$CTL/request"
  log "node control: $cmd"
  {
    echo "seq=$seq"
    case "$cmd" in
      heap) ctl_heap ;;
      stop)
        t0=$(date +%s%N)
        echo "=== $(date -u +%FT%TZ) run.sh: stopping the node (SIGTERM) for the hold scenario ===" >>"$RESULTS/node.log"
        stop_node
        echo "stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))" ;;
      start)
        echo "=== $(date -u +%FT%TZ) run.sh: starting the node again ===" >>"$RESULTS/node.log"
        if start_node; then echo "start_to_ready_ms=$START_TO_READY_MS"; echo "pid=$NODE_PID"
        else echo "error=the node did not become ready (see node.log)"; fi ;;
      *) echo "error=unknown command '$cmd'" ;;
    esac
  } >"$CTL/response.tmp" 2>&1
  mv "$CTL/response.tmp" "$CTL/response"
}

set +e
ORCH_BENCH_COMMAND=${ORCH_BENCH_COMMAND:-"bench/run.sh ${ORIG_ARGS[*]}"}
java -Xmx512m -cp "$BENCH_CP" dev.orchestrator.bench.Bench \
  --base-url="http://127.0.0.1:$HTTP_PORT" --api-key="$API_KEY" --tenant="$TENANT" \
  --scenario="$SCENARIO" --sink-port="$SINK_PORT" --run-id="$TS" --node-control="$CTL" \
  ${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"} >"$RESULTS/bench.out" 2> >(tee "$RESULTS/bench.log" >&2) &
BENCH_PID=$!
while kill -0 "$BENCH_PID" 2>/dev/null; do
  [[ -f "$CTL/request" ]] && ctl_answer
  sleep 0.05
done
wait "$BENCH_PID"
BENCH_RC=$?
kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null; SAMPLER_PID=""
[[ -z "$ANALYZER_PID" ]] || { kill "$ANALYZER_PID" 2>/dev/null; wait "$ANALYZER_PID" 2>/dev/null; ANALYZER_PID=""; }
# From here on, a statistic that cannot be collected must not cost the results: no set -e.
read -r -a HOST1 <<<"$(host_ticks)"
NODE1=$(( NODE_TICKS_DONE + $(proc_ticks "$NODE_PID") - NODE_TICKS_BASE ))
BENCH_PID=""
PG1=$(pg_ticks)

# ---- (f) results -------------------------------------------------------------------------------
# CPU during the benchmark only (node start-up excluded). "others" = every other process on the
# host: PostgreSQL's background processes, and whatever else runs there (builds, tests).
bench_cpu=$(awk -F= '$1 == "bench.generator_cpu_s" { print $2 }' "$RESULTS/bench.out")
host_busy=$(( HOST1[0] - HOST0[0] )); host_total=$(( HOST1[1] - HOST0[1] ))
node_cpu=$NODE1; pg_cpu=$(( PG1 - PG0 ))
others=$(awk -v h="$host_busy" -v n="$node_cpu" -v p="$pg_cpu" -v b="${bench_cpu:-0}" -v hz="$HZ" \
  'BEGIN { o = (h - n - p) / hz - b; printf "%.1f", (o < 0 ? 0 : o) }')
node_rss_peak_mb=$(awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$NODE_PID/status" 2>/dev/null || echo n/a)
node_alive=no; kill -0 "$NODE_PID" 2>/dev/null && node_alive=yes
db_stats=()
if [[ $DB == postgres ]]; then
  q() { psql -h 127.0.0.1 -U postgres -d "$DBNAME" -tAqc "$1" 2>/dev/null || echo n/a; }
  db_stats+=("db.event_journal_rows=$(q 'select count(*) from event_journal')")
  db_stats+=("db.snapshot_rows=$(q 'select count(*) from snapshot')")
  db_stats+=("db.size_mb=$(q "select pg_database_size(current_database()) / 1048576")")
else
  db_stats+=("db.size_mb=$(du -sm "$H2_DIR" | cut -f1)")
fi

{
  echo "run.timestamp=$TS"
  echo "run.date=$(date -u +%FT%TZ)"
  echo "run.command=$ORCH_BENCH_COMMAND"
  echo "run.scenarios=$SCENARIO"
  if [[ $DB == postgres ]]; then
    pg_version=$(psql -h 127.0.0.1 -U postgres -tAqc 'show server_version' 2>/dev/null)
    echo "run.db=postgresql ($pg_version)"
    echo "run.postgresql_version=$pg_version"
  else
    echo "run.db=h2"
  fi
  echo "run.git_commit=$(git rev-parse --short HEAD 2>/dev/null || echo n/a)"
  echo "run.git_uncommitted_files=$(git status --porcelain 2>/dev/null | wc -l)"
  echo "run.host_cpus=$(nproc)"
  echo "run.host_memory_mb=$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  echo "run.host_cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "run.host_os=$(uname -sr)"
  echo "run.java=$(java -version 2>&1 | head -1 | tr -d '"')"
  echo "run.node_heap=-Xmx$HEAP"
  echo "run.node_limits=$NODE_LIMITS"
  echo "run.pg_autovacuum=$PG_AUTOVACUUM"
  [[ -z "${NODE_JAVA_OPTS:-}" ]] || echo "run.node_java_opts=$NODE_JAVA_OPTS"
  cat "$RESULTS/bench.out"
  echo "node.alive_after_run=$node_alive"
  echo "node.rss_peak_mb=$node_rss_peak_mb"
  echo "node.log_warn_lines=$(grep -c ' WARN ' "$RESULTS/node.log" || true)"
  echo "node.log_error_lines=$(grep -c ' ERROR ' "$RESULTS/node.log" || true)"
  printf '%s\n' "${db_stats[@]}"
  echo "cpu.host_busy_before_start_pct=$IDLE_BEFORE"
  echo "cpu.loadavg_before_start=$LOADAVG_BEFORE"
  echo "cpu.host_busy_during_bench_pct=$(( 100 * host_busy / (host_total > 0 ? host_total : 1) ))"
  echo "cpu.node_s=$(secs "$node_cpu")"
  echo "cpu.postgres_backends_s=$([[ $DB == postgres ]] && secs "$pg_cpu" || echo n/a)"
  echo "cpu.generator_and_sink_s=${bench_cpu:-n/a}"
  echo "cpu.other_processes_s=$others"
  calls=$(awk -F= '$1 == "sink.deliveries_total" { print $2 }' "$RESULTS/bench.out")
  if [[ $SUBMITS == 1 && -n "$calls" && "$calls" != 0 ]]; then
    echo "cpu.node_ms_per_delivered_call=$(awk -v t="$node_cpu" -v c="$calls" -v hz="$HZ" 'BEGIN { printf "%.1f", t * 1000 / hz / c }')"
    [[ $DB != postgres ]] || echo "cpu.postgres_backends_ms_per_delivered_call=$(awk -v t="$pg_cpu" -v c="$calls" -v hz="$HZ" 'BEGIN { printf "%.1f", t * 1000 / hz / c }')"
  fi
  other_pct=$(awk -v o="$others" -v t="$host_total" -v hz="$HZ" 'BEGIN { printf "%d", (t > 0 ? 100 * o * hz / t : 0) }')
  echo "cpu.other_processes_pct_of_host=$other_pct"
  if (( other_pct >= 10 )); then
    echo "run.warning=other processes used ${other_pct}% of the host's CPU during the run; numbers are not comparable to a quiet host"
  fi
  echo "bench.exit_code=$BENCH_RC"
} >"$RESULTS/results.txt"

# ---- (g) stop the node (cleanup drops the database) --------------------------------------------
stop_node
# The plans of the list queries on the measured data, with the node stopped (nothing else running).
if [[ $QUERY == 1 ]]; then
  psql -h 127.0.0.1 -U postgres -d "$DBNAME" -X -v tenant="$TENANT" -f bench/query-explain.sql \
    >"$RESULTS/explain.txt" 2>&1 || log "EXPLAIN failed (see $RESULTS/explain.txt)"
fi
# The same figures as JSON (numbers as numbers), and the table of the issue's targets.
java -cp "$BENCH_CP" dev.orchestrator.bench.ResultsJson "$RESULTS/results.txt" "$RESULTS/results.json" \
  && java -cp "$BENCH_CP" dev.orchestrator.bench.Summary "$RESULTS" "$RESULTS/results.json" \
  || log "writing results.json or summary.txt failed"
echo
echo "== $RESULTS/results.txt"
cat "$RESULTS/results.txt"
if [[ -f "$RESULTS/summary.txt" ]]; then
  echo
  echo "== $RESULTS/summary.txt (targets)"
  sed -n '/^== targets/,/^$/p' "$RESULTS/summary.txt"
fi
exit "$BENCH_RC"
