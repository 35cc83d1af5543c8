#!/usr/bin/env bash
# make e2e-kind: the lab on a real kind cluster, offline.
#
#  1. build (or reuse) the static binaries and the node image (build-*.sh)
#  2. start kubelab's private dockerd, whose runtime drops CAP_SYS_RESOURCE
#  3. kubelab up --image kubelab/node:<version> --mirror ...: 3 nodes Ready,
#     the mirror files written on every node
#  4. the proof of every `needs: kind` step (sandbox/check, KUBELAB_E2E_KIND=1)
#  5. kubelab images load, node-shell, down
#  6. stop everything it started (also on failure or Ctrl+C)
#
# The lab's config (its kubeconfig) goes to a temporary XDG_CONFIG_HOME, so a
# learner's own lab is never touched; the cache (binaries, rootfs, images in
# the private dockerd) stays in ${XDG_CACHE_HOME:-~/.cache}/kubelab.
# KUBELAB_PROOF_LESSONS=id,id limits the proof to some lessons.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

((EUID == 0)) || die "run as root: dockerd, debootstrap and chroot need it (sudo make e2e-kind)"
t0=$SECONDS
declare -A took
phase() { took[$1]=$(($SECONDS - $2)); log "$1 took ${took[$1]}s"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kubelab-e2e-XXXXXX")
export XDG_CONFIG_HOME="$work/config"
kubelab="$work/bin/kubelab"
started_dockerd=0
cluster_up=0
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if ((cluster_up)); then
		log "cleanup: deleting the lab cluster"
		"$kubelab" down >&2 || log "cleanup: kubelab down failed; the containers stay in $DOCKER_HOST"
	fi
	if ((started_dockerd)); then
		"$KINDNODE_DIR/dockerd.sh" stop || true
	fi
	rm -rf "$work"
	log "total $((SECONDS - t0))s; exit $rc"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

s=$SECONDS
"$KINDNODE_DIR/build-binaries.sh"
phase binaries $s

s=$SECONDS
if ! docker version >/dev/null 2>&1; then started_dockerd=1; fi
"$KINDNODE_DIR/dockerd.sh" start >/dev/null
phase dockerd $s

s=$SECONDS
"$KINDNODE_DIR/build-image.sh"
phase image $s

(cd "$REPO_DIR" && go build -o "$kubelab" ./cmd/kubelab)
export PATH="$work/bin:$PATH"

# A mirror nobody serves: up must write it on every node, and since every
# image is already inside the nodes nothing is ever pulled through it.
mirror_reg=docker.io mirror_url=http://127.0.0.1:5000
s=$SECONDS
# The private dockerd only ever runs e2e clusters, so nodes found there are
# an interrupted run's (its config folder is gone with it): remove them.
left=$(docker ps -aq --filter label=io.x-k8s.kind.cluster=kubelab)
if [[ -n $left ]]; then
	log "removing the nodes an interrupted e2e left in $DOCKER_HOST"
	# shellcheck disable=SC2086
	docker rm -f -v $left >/dev/null
fi
cluster_up=1
"$kubelab" up --image "$NODE_IMAGE" --workers 2 --mirror "$mirror_reg=$mirror_url" </dev/null
phase up $s

log "checking every node is Ready"
nodes=$("$kubelab" kubectl get nodes -o 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
echo "$nodes" >&2
[[ $(grep -c '=True$' <<<"$nodes") == 3 ]] || die "want 3 Ready nodes, got: $nodes"
for n in kubelab-control-plane kubelab-worker kubelab-worker2; do
	docker exec "$n" grep -q "$mirror_url" "/etc/containerd/certs.d/$mirror_reg/hosts.toml" ||
		die "--mirror: $n has no $mirror_url in /etc/containerd/certs.d/$mirror_reg/hosts.toml"
done
log "--mirror: hosts.toml for $mirror_reg is on every node"

s=$SECONDS
log "proving the needs: kind steps (this takes a while)"
proof_rc=0
(cd "$REPO_DIR" && KUBELAB_E2E_KIND=1 go test -count=1 -timeout 45m -v \
	-run '^TestEveryKindStepIsProvenOnTheLabKindCluster$' ./sandbox/check) >"$work/proof.log" 2>&1 || proof_rc=$?
grep -E '^\s*(---|===|ok|FAIL|PASS)|proof_test.go|kind_proof_test.go|kind steps proven|not proven:|flaky:' "$work/proof.log" >&2 || true
cp "$work/proof.log" "$KINDNODE_CACHE/last-proof.log"
counts=$(sed -nE 's/^([0-9]+) kind steps proven, ([0-9]+) not proven.*/\1 \2/p' "$work/proof.log" | head -n1)
phase proof $s

s=$SECONDS
log "sitting an exam with a node-level task, scored before and after its solution"
exam_rc=0
(cd "$REPO_DIR" && KUBELAB_E2E_KIND=1 go test -count=1 -timeout 15m -v \
	-run '^TestOnKindANodeTaskIsScoredBeforeAndAfterItsSolution$' ./sandbox/exam) >"$work/exam.log" 2>&1 || exam_rc=$?
grep -E '^\s*(---|ok|FAIL|PASS)|kind_test.go' "$work/exam.log" >&2 || true
phase exam $s

s=$SECONDS
# images load: take a lesson image off a worker, load the lessons' images
# (those the engine has; the deliberately missing tag is not one), see it back.
refs=$(awk '/^images:/ {in_images=1; next} in_images && /^[^ ]/ {in_images=0} in_images && $1 == "ref:" {print $2}' "$REPO_DIR/lessons/course.yaml" |
	while read -r r; do docker image inspect "$r" >/dev/null 2>&1 && echo "$r"; done)
[[ -n $refs ]] || die "none of the lessons' images is in $DOCKER_HOST"
first=$(head -n1 <<<"$refs")
docker exec kubelab-worker crictl rmi "$first" >/dev/null
docker exec kubelab-worker crictl inspecti "$first" >/dev/null 2>&1 && die "crictl rmi did not remove $first from kubelab-worker"
# shellcheck disable=SC2086
"$kubelab" images load --no-pull $refs </dev/null
docker exec kubelab-worker crictl inspecti "$first" >/dev/null || die "images load did not put $first back on kubelab-worker"
log "images load: $first is back on kubelab-worker"

# node-shell: a shell in a node, fed from stdin.
out=$(echo 'cat /kind/version; crictl info >/dev/null && echo cri-ok' | "$kubelab" node-shell kubelab-worker2)
[[ $out == *"$KUBE_VERSION"* && $out == *cri-ok* ]] || die "node-shell printed: $out"
log "node-shell: ran commands inside kubelab-worker2"
phase extras $s

s=$SECONDS
"$kubelab" down </dev/null
cluster_up=0
left=$(docker ps -aq --filter label=io.x-k8s.kind.cluster=kubelab)
[[ -z $left ]] || die "kubelab down left containers: $left"
phase down $s

log "timings: binaries ${took[binaries]}s, dockerd ${took[dockerd]}s, image ${took[image]}s, up ${took[up]}s, proof ${took[proof]}s, exam ${took[exam]}s, load+shell ${took[extras]}s, down ${took[down]}s"
# The plain count line CI reads: kind steps proven, and not proven.
if [[ -n $counts ]]; then
	# shellcheck disable=SC2086
	printf 'kind-steps: %s passed, %s failed\n' $counts
fi
((proof_rc == 0)) || die "the kind proof failed (exit $proof_rc); its log: $KINDNODE_CACHE/last-proof.log"
((exam_rc == 0)) || die "the exam with a node-level task failed (exit $exam_rc); see its lines above"
log "e2e-kind passed"
