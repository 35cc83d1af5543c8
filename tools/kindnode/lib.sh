# Shared settings of the kind node image tooling; sourced by the scripts in
# this folder. Everything built or fetched lives in the user's cache, keyed by
# version, never in the repository.

KUBE_VERSION=v1.36.3
ETCD_IMAGE_TAG=3.6.8-0
COREDNS_VERSION=v1.14.2
CRICTL_VERSION=v1.37.0
DEBIAN_SUITE=bookworm
# The image tag carries the layout version: bump it when the recipe changes.
NODE_IMAGE="kubelab/node:${KUBE_VERSION}"
RECIPE_VERSION=1

KINDNODE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$KINDNODE_DIR/../.." && pwd)"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/kubelab"
KINDNODE_CACHE="${KUBELAB_KINDNODE_CACHE:-$CACHE_ROOT/kindnode/$KUBE_VERSION}"
BIN_CACHE="$KINDNODE_CACHE/bin"
TESTCLUSTER_BIN="${KUBELAB_TESTCLUSTER_BIN:-$CACHE_ROOT/testcluster/$KUBE_VERSION}"

log() { printf '%s kindnode: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# kube_ldflags stamps Kubernetes binaries with their release (as
# internal/testcluster does), or they report v0.0.0-master.
kube_ldflags() {
	local v=${KUBE_VERSION#v} major minor flags="-s -w" pkg
	major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
	for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		flags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
	done
	printf '%s' "$flags"
}

# The private dockerd: its own data root (kept between runs, so the built
# images are the warm cache), exec root and socket. DOCKER_HOST points at it.
DOCKER_STATE="${KUBELAB_DOCKER_DIR:-$CACHE_ROOT/docker-e2e}"
DOCKER_SOCK="$DOCKER_STATE/docker.sock"
# The exec root holds containerd's sockets, whose paths must stay short.
DOCKER_EXEC_ROOT="${KUBELAB_DOCKER_EXEC_ROOT:-/tmp/kubelab-docker-e2e-$(id -u)}"
export DOCKER_HOST="unix://$DOCKER_SOCK"

# debian_mirror is the Debian archive the host's apt uses (or
# $KUBELAB_DEBIAN_MIRROR): debootstrap fetches the same packages from it.
debian_mirror() {
	if [[ -n ${KUBELAB_DEBIAN_MIRROR:-} ]]; then echo "$KUBELAB_DEBIAN_MIRROR"; return; fi
	local m
	m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}' | grep -v security | head -n1)
	[[ -n $m ]] || m=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1)
	[[ -n $m ]] || die "cannot tell which Debian mirror apt uses: set KUBELAB_DEBIAN_MIRROR"
	echo "$m"
}

# need_packages installs the Debian packages that provide the given commands
# (command:package pairs) when any is missing.
need_packages() {
	local pair missing=()
	for pair in "$@"; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || [[ -x /usr/sbin/${pair%%:*} ]] || missing+=("${pair#*:}")
	done
	((${#missing[@]})) || return 0
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them: install them by hand"
	log "installing ${missing[*]} with apt-get"
	local sudo=; ((EUID == 0)) || sudo=sudo
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
