#!/usr/bin/env bash
# Build every static binary the kind node image needs into
# $XDG_CACHE_HOME/kubelab/kindnode/<version>/bin, unless a complete build of
# the same recipe is there. The control plane comes from the test cluster's
# build (make testcluster), so both share one set of binaries. Go only:
# modules come from the Go module proxy.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stamp="kubernetes $KUBE_VERSION coredns $COREDNS_VERSION crictl $CRICTL_VERSION recipe $RECIPE_VERSION"
if [[ -f $BIN_CACHE/BUILD-COMPLETE && "$(cat "$BIN_CACHE/BUILD-COMPLETE")" == "$stamp" ]]; then
	log "binaries are present in $BIN_CACHE"
	exit 0
fi

log "building the test cluster's control plane (shared with the node image)"
make -C "$REPO_DIR" --no-print-directory testcluster >&2

mkdir -p "$(dirname "$BIN_CACHE")"
tmp=$(mktemp -d "$BIN_CACHE.building-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Static and path-free, as internal/testcluster builds the control plane just
# above: with the same flags the kubelet, kubeadm, kube-proxy and kubectl find
# most of Kubernetes already compiled in Go's build cache
# (TestTheNodeBinariesBuildAsTheTestClustersDo keeps the two alike).
export CGO_ENABLED=0 GOTOOLCHAIN=${GOTOOLCHAIN:-local}
ldflags=$(kube_ldflags)
export GOBIN=$tmp

build() { # name dir go-args...
	local name=$1 dir=$2 start=$SECONDS; shift 2
	log "building $name"
	(cd "$dir" && go "$@")
	log "built $name in $((SECONDS - start))s"
}
for cmd in kubelet kubeadm kube-proxy kubectl; do
	build "$cmd" "$KINDNODE_DIR" build -trimpath -ldflags "$ldflags" -o "$tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done
build pause "$KINDNODE_DIR" build -trimpath -ldflags "-s -w" -o "$tmp/pause" ./pause
build kubelab-runc "$KINDNODE_DIR" build -trimpath -ldflags "-s -w" -o "$tmp/kubelab-runc" ./runtime
build coredns "$KINDNODE_DIR/coredns" build -trimpath -ldflags "-s -w" -o "$tmp/coredns" .
build crictl "$tmp" install -trimpath -ldflags "-s -w" "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION"
for b in etcd kube-apiserver kube-controller-manager kube-scheduler; do
	cp "$TESTCLUSTER_BIN/$b" "$tmp/$b"
done
echo "$stamp" >"$tmp/BUILD-COMPLETE"
rm -rf "$BIN_CACHE"
mv "$tmp" "$BIN_CACHE"
trap - EXIT
log "binaries are in $BIN_CACHE"
