#!/usr/bin/env bash
# Start or stop kubelab's private dockerd, whose default runtime is
# kubelab-runc (runc without CAP_SYS_RESOURCE, see runtime/), so privileged
# containers (kind's nodes) run on hosts whose bounding set lacks it. It
# makes no docker0 bridge (kind makes its own network), so it does not clash
# with a Docker the host may run.
#
#   dockerd.sh start   start it unless it answers already; print DOCKER_HOST
#   dockerd.sh stop    stop the dockerd this script started
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pidfile="$DOCKER_EXEC_ROOT.pid"

start() {
	need_packages dockerd:docker.io runc:runc iptables:iptables
	if docker_ok; then
		log "dockerd answers on $DOCKER_HOST"
		echo "$DOCKER_HOST"; return
	fi
	mkdir -p "$DOCKER_STATE/data"
	# Built here (stdlib only, a second or two) so dockerd does not wait for
	# the Kubernetes binaries.
	(cd "$KINDNODE_DIR" && CGO_ENABLED=0 GOTOOLCHAIN=${GOTOOLCHAIN:-local} go build -trimpath -o "$DOCKER_STATE/kubelab-runc" ./runtime)
	log "starting dockerd (data root $DOCKER_STATE/data, log $DOCKER_STATE/dockerd.log)"
	setsid "$(command -v dockerd || echo /usr/sbin/dockerd)" \
		--host "$DOCKER_HOST" \
		--data-root "$DOCKER_STATE/data" \
		--exec-root "$DOCKER_EXEC_ROOT" \
		--pidfile "$pidfile" \
		--add-runtime "kubelab=$DOCKER_STATE/kubelab-runc" \
		--default-runtime kubelab \
		--bridge none \
		>"$DOCKER_STATE/dockerd.log" 2>&1 </dev/null &
	local i
	for ((i = 0; i < 60; i++)); do
		if docker_ok; then
			log "dockerd is up"
			echo "$DOCKER_HOST"; return
		fi
		kill -0 $! 2>/dev/null || { tail -n 20 "$DOCKER_STATE/dockerd.log" >&2; die "dockerd exited; its log is $DOCKER_STATE/dockerd.log"; }
		sleep 1
	done
	die "dockerd did not answer within 60s; see $DOCKER_STATE/dockerd.log"
}

docker_ok() { docker version >/dev/null 2>&1; }

stop() {
	[[ -f $pidfile ]] || { log "no dockerd of ours is running"; return; }
	local pid i
	pid=$(cat "$pidfile")
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 30; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "dockerd did not stop within 30s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
	# dockerd leaves its data root bind-mounted on itself; undo that and any
	# mount left below it or the exec root, deepest first.
	findmnt -rn -o TARGET | grep -E "^($DOCKER_STATE|$DOCKER_EXEC_ROOT)(/|$)" | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
	log "dockerd stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) die "usage: $0 start|stop" ;;
esac
