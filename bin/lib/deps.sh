# shellcheck shell=bash
# Makes sure what the test suite needs is installed and running. Sourced by bin/test.
#
# Installs missing Debian packages itself when run as root (apt-get update runs at most once);
# otherwise it names exactly what to install and fails. Every check is cheap when all is present.

SB_MIN_NODE=20
SB_REDIS_HOST=127.0.0.1
SB_REDIS_PORT=6379
SB_CHROMIUM=${SB_CHROMIUM:-/usr/bin/chromium}
SB_NGINX=${SB_NGINX:-/usr/sbin/nginx}
_sb_apt_updated=0

sb_log() { printf 'bin/test: %s\n' "$*" >&2; }

# Installs Debian packages $@ as root, or explains what to run and fails.
sb_apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    sb_log "missing: $*. Install with:  sudo apt-get install -y $*   (then run bin/test again)"
    return 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    sb_log "missing: $*, and this system has no apt-get: install the equivalent packages with its package manager."
    return 1
  fi
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/switchboard-apt.XXXXXX")
  if (( ! _sb_apt_updated )); then
    sb_log "apt-get update"
    if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update >"$log" 2>&1; then
      tail -n 20 "$log" >&2
      sb_log "apt-get update failed (full log: $log)"
      return 1
    fi
    _sb_apt_updated=1
  fi
  sb_log "apt-get install -y $*"
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y \
      --no-install-recommends "$@" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    sb_log "apt-get install $* failed (full log: $log)"
    return 1
  fi
  rm -f "$log"
}

# Debian's Chromium at $SB_CHROMIUM, driven headless by the browser end-to-end tests.
sb_ensure_chromium() {
  [[ -x "$SB_CHROMIUM" ]] && return 0
  sb_apt_install chromium || return 1
  [[ -x "$SB_CHROMIUM" ]] || { sb_log "chromium was installed but $SB_CHROMIUM is missing"; return 1; }
}

# The openssl command, which makes the self-signed certificates of the TLS tests.
sb_ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return 0
  sb_apt_install openssl || return 1
}

# Debian's nginx at $SB_NGINX, started by the deployment test itself (its own config, a free port,
# `daemon off`). The package must not start a system nginx: while it installs, a policy-rc.d that
# refuses service starts is put in place unless one exists already (as in containers).
sb_ensure_nginx() {
  [[ -x "$SB_NGINX" ]] && return 0
  local policy=/usr/sbin/policy-rc.d added=0 rc=0
  if [[ $(id -u) -eq 0 && ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=1
  fi
  sb_apt_install nginx || rc=1
  (( added )) && rm -f "$policy"
  (( rc == 0 )) || return 1
  [[ -x "$SB_NGINX" ]] || { sb_log "nginx was installed but $SB_NGINX is missing"; return 1; }
}

# Node.js >= SB_MIN_NODE and npm, which run the browser end-to-end harness in e2e/
# (playwright-core 1.65 needs Node.js 20).
sb_node_ok() {
  local major
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  (( major >= SB_MIN_NODE ))
}

sb_ensure_node() {
  sb_node_ok && return 0
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    sb_log "node or npm not found: the e2e harness needs Node.js ${SB_MIN_NODE}+ and npm."
    sb_apt_install nodejs npm || return 1
    sb_node_ok && return 0
  fi
  sb_log "found node $(node --version 2>/dev/null || echo '(none)'): the e2e harness needs Node.js" \
    "${SB_MIN_NODE} or newer with npm. Install it from your distribution (Debian 13+: apt-get install" \
    "nodejs npm) or from nodejs.org, then run bin/test again."
  return 1
}

# e2e/node_modules from the committed package-lock.json, without any Playwright browser download.
sb_ensure_e2e_modules() {
  local dir=$1/e2e
  if [[ -f "$dir/node_modules/.package-lock.json" &&
        ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" &&
        ! "$dir/package.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    return 0
  fi
  sb_log "npm ci in e2e/"
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
}

sb_redis_ping() {
  [[ "$(redis-cli -h "$SB_REDIS_HOST" -p "$SB_REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

# A Redis answering on 127.0.0.1:6379, started without persistence when none is running.
sb_ensure_redis() {
  command -v redis-cli >/dev/null 2>&1 && sb_redis_ping && return 0
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    sb_apt_install redis-server || return 1
    sb_redis_ping && return 0   # the package may have started its own service
  fi
  sb_log "starting redis-server on $SB_REDIS_HOST:$SB_REDIS_PORT"
  redis-server --daemonize yes --bind "$SB_REDIS_HOST" --port "$SB_REDIS_PORT" \
    --save "" --appendonly no --dir /tmp >/dev/null || return 1
  for _ in $(seq 1 50); do
    sb_redis_ping && return 0
    sleep 0.1
  done
  sb_log "redis-server did not answer on $SB_REDIS_HOST:$SB_REDIS_PORT within 5 s"
  return 1
}

SB_RABBITMQ_HOST=127.0.0.1
SB_RABBITMQ_PORT=5672

sb_rabbitmq_up() {
  # RabbitMQ answers an AMQP 0-9-1 protocol header with its connection.start frame.
  timeout 3 bash -c "exec 3<>/dev/tcp/$SB_RABBITMQ_HOST/$SB_RABBITMQ_PORT; printf 'AMQP\x00\x00\x09\x01' >&3; head -c 1 <&3" \
    >/dev/null 2>&1
}

# A RabbitMQ answering AMQP on 127.0.0.1:5672 (guest/guest, which RabbitMQ allows on loopback),
# from Debian's rabbitmq-server package, started detached when it is not running.
sb_ensure_rabbitmq() {
  sb_rabbitmq_up && return 0
  if timeout 2 bash -c "exec 3<>/dev/tcp/$SB_RABBITMQ_HOST/$SB_RABBITMQ_PORT" 2>/dev/null; then
    sb_log "port $SB_RABBITMQ_PORT is open but RabbitMQ does not answer AMQP (the node is hung);" \
      "the tests use a node of their own instead"
    sb_start_own_rabbitmq
    return
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    sb_apt_install rabbitmq-server || return 1
    for _ in $(seq 1 30); do sb_rabbitmq_up && return 0; sleep 1; done
  fi
  sb_log "starting rabbitmq-server on $SB_RABBITMQ_HOST:$SB_RABBITMQ_PORT"
  RABBITMQ_NODE_IP_ADDRESS=$SB_RABBITMQ_HOST RABBITMQ_NODE_PORT=$SB_RABBITMQ_PORT \
    rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    sb_rabbitmq_up && return 0
    sleep 1
  done
  sb_log "RabbitMQ did not answer on $SB_RABBITMQ_HOST:$SB_RABBITMQ_PORT within 60 s" \
    "(see /var/log/rabbitmq/)"
  return 1
}

# A RabbitMQ node of the test run's own, for when the machine's node on 5672 is hung: Debian's
# rabbitmq-server started in the background on a free port, its data in a temporary folder, and
# SB_AMQP_URL exported for the tests. It is left running for later runs of bin/test, which use it
# again (its port is kept in the folder).
sb_start_own_rabbitmq() {
  local dir=${TMPDIR:-/tmp}/switchboard-test-rabbitmq port dist
  if [[ -f $dir/port ]]; then
    port=$(cat "$dir/port")
    if SB_RABBITMQ_PORT=$port sb_rabbitmq_up; then
      export SB_AMQP_URL="amqp://guest:guest@127.0.0.1:$port"
      return 0
    fi
  fi
  mkdir -p "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  dist=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'listeners.tcp.local = 127.0.0.1:%s\n' "$port" >"$dir/rabbitmq.conf"
  printf '[].\n' >"$dir/enabled_plugins"
  echo "$port" >"$dir/port"
  sb_log "starting a RabbitMQ node of the tests' own on 127.0.0.1:$port (data in $dir)"
  HOME=$dir RABBITMQ_NODENAME="sbtests$port@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$dir/pid" \
    nohup setsid /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/start.log" 2>&1 </dev/null &
  for _ in $(seq 1 90); do
    if SB_RABBITMQ_PORT=$port sb_rabbitmq_up; then
      export SB_AMQP_URL="amqp://guest:guest@127.0.0.1:$port"
      return 0
    fi
    sleep 1
  done
  sb_log "the tests' own RabbitMQ node did not answer on 127.0.0.1:$port within 90 s (see $dir/log)"
  return 1
}

SB_POSTGRES_HOST=127.0.0.1
SB_POSTGRES_PORT=5432

sb_postgres_up() {
  command -v pg_isready >/dev/null 2>&1 &&
    pg_isready -q -h "$SB_POSTGRES_HOST" -p "$SB_POSTGRES_PORT" -t 3 >/dev/null 2>&1
}

# A PostgreSQL answering on 127.0.0.1:5432 (the tests connect as user postgres to database test,
# trust auth on loopback, as set up on these machines), from Debian's postgresql package; a
# cluster that is installed but down is started with pg_ctlcluster.
sb_ensure_postgres() {
  sb_postgres_up && return 0
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    sb_apt_install postgresql || return 1
  fi
  local cluster
  cluster=$(pg_lsclusters -h 2>/dev/null | awk -v p="$SB_POSTGRES_PORT" '$3 == p {print $1, $2; exit}')
  if [[ -n "$cluster" ]]; then
    sb_log "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 30); do
    sb_postgres_up && return 0
    sleep 1
  done
  sb_log "PostgreSQL did not answer on $SB_POSTGRES_HOST:$SB_POSTGRES_PORT within 30 s"
  return 1
}
