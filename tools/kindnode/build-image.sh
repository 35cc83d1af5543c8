#!/usr/bin/env bash
# Build kubelab's kind node image (NODE_IMAGE in lib.sh) offline: every piece
# comes from the Go module proxy (build-binaries.sh) or Debian's packages
# (debootstrap). No image registry is contacted; every image kubeadm and the
# lessons need is inside the node image already.
#
# Needs the private dockerd (dockerd.sh start) and root (debootstrap, chroot).
# Cached: each Debian root filesystem is kept as a tarball in the cache, and
# the finished node image carries a label with the recipe's key; a second run
# with the same key does nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

((EUID == 0)) || die "run as root: debootstrap and chroot need it (sudo make e2e-kind)"
need_packages debootstrap:debootstrap
docker version >/dev/null 2>&1 || die "no dockerd answers on $DOCKER_HOST: run tools/kindnode/dockerd.sh start"
work=$(mktemp -d "${TMPDIR:-/tmp}/kubelab-kindnode-XXXXXX")
builder=""
cleanup() {
	[[ -z $builder ]] || docker rm -f "$builder" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

mirror=$(debian_mirror)
ROOTFS_CACHE="$KINDNODE_CACHE/rootfs"
mkdir -p "$ROOTFS_CACHE"

# rootfs NAME PACKAGES: a cached debootstrap minbase tarball with PACKAGES.
rootfs() {
	local name=$1 pkgs=$2 tar="$ROOTFS_CACHE/$1-$DEBIAN_SUITE-$(echo "$2" | sha256sum | cut -c1-8).tar"
	if [[ ! -f $tar ]]; then
		local dir="$work/debootstrap-$name" start=$SECONDS
		log "debootstrap $name ($DEBIAN_SUITE from $mirror)"
		debootstrap --variant=minbase --include="$pkgs" "$DEBIAN_SUITE" "$dir" "$mirror" >"$work/debootstrap-$name.log" 2>&1 ||
			{ tail -n 30 "$work/debootstrap-$name.log" >&2; die "debootstrap $name failed (log above)"; }
		chroot "$dir" apt-get clean
		rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/dev/* "$dir"/proc/* "$dir"/sys/*
		tar -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
		rm -rf "$dir"
		log "rootfs $name built in $((SECONDS - start))s"
	fi
	echo "$tar"
}

node_tar=$(rootfs node "systemd,dbus,iproute2,iptables,kmod,mount,util-linux,containerd,runc,containernetworking-plugins,conntrack,nftables,ethtool,libseccomp2,pigz,fuse-overlayfs,bash,ca-certificates,curl,jq,procps,e2fsprogs,systemd-sysv")
tools_tar=$(rootfs tools "iptables,conntrack,iproute2,nginx-light,busybox,wget")

if [[ ${1:-} == rootfs ]]; then
	exit 0 # `build-image.sh rootfs`: only the Debian root filesystems, e.g. while Go builds
fi
[[ -f $BIN_CACHE/BUILD-COMPLETE ]] || die "no binaries in $BIN_CACHE: run tools/kindnode/build-binaries.sh"

KIND_FILES="$(cd "$REPO_DIR" && go list -m -f '{{.Dir}}' sigs.k8s.io/kind)/images/base/files"
[[ -d $KIND_FILES ]] || die "kind's base image files are not in the module cache ($KIND_FILES): run 'go mod download sigs.k8s.io/kind' in $REPO_DIR"

# The key covers every input: versions, this folder's scripts and manifests,
# and kind's files.
key=$( (echo "$KUBE_VERSION $RECIPE_VERSION $DEBIAN_SUITE"; cat "$BIN_CACHE/BUILD-COMPLETE";
	cd "$KINDNODE_DIR" && find lib.sh build-image.sh image -type f | sort | xargs cat;
	cd "$KIND_FILES" && find . -type f | sort | xargs cat) | sha256sum | cut -c1-16)
if [[ "$(docker image inspect -f '{{index .Config.Labels "kubelab.key"}}' "$NODE_IMAGE" 2>/dev/null)" == "$key" ]]; then
	log "$NODE_IMAGE is up to date (key $key)"
	exit 0
fi
log "building $NODE_IMAGE (key $key)"

# ---- the images inside the node ----------------------------------------
mkdir -p "$work/images"
saved=()

# import_dir DIR NAME [docker import --change...]: DIR's files as image NAME.
import_dir() {
	local dir=$1 name=$2; shift 2
	local changes=() c
	for c in "$@"; do changes+=(--change "$c"); done
	tar -C "$dir" -c . | docker import "${changes[@]}" - "$name" >/dev/null
	saved+=("$name")
}

# static_root DIR: the files a static binary's image needs besides itself.
static_root() {
	mkdir -p "$1/etc" "$1/tmp" "$1/usr/local/bin" "$1/var/run"
	chmod 1777 "$1/tmp"
	printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$1/etc/passwd"
	printf 'root:x:0:\nnobody:x:65534:\n' >"$1/etc/group"
	echo 'hosts: files dns' >"$1/etc/nsswitch.conf"
}

KUBEADM="$BIN_CACHE/kubeadm"
mapfile -t kube_images < <("$KUBEADM" config images list --kubernetes-version "$KUBE_VERSION" 2>/dev/null)
((${#kube_images[@]} >= 6)) || die "kubeadm config images list printed ${#kube_images[@]} images: ${kube_images[*]}"
pause_image=""
path_env='ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin'
for ref in "${kube_images[@]}"; do
	base=${ref##*/}; base=${base%%:*}
	d="$work/img-$base"
	case $base in
	kube-proxy)
		mkdir -p "$d" && tar -C "$d" -xf "$tools_tar"
		install -m 0755 "$BIN_CACHE/kube-proxy" "$d/usr/local/bin/kube-proxy"
		install -m 0755 "$KINDNODE_DIR/image/iptables-wrapper" "$d/usr/sbin/iptables-wrapper"
		for c in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
			ln -sf iptables-wrapper "$d/usr/sbin/$c"
		done
		import_dir "$d" "$ref" "$path_env"
		;;
	kube-apiserver | kube-controller-manager | kube-scheduler | etcd)
		static_root "$d"
		install -m 0755 "$BIN_CACHE/$base" "$d/usr/local/bin/$base"
		mkdir -p "$d/var/lib/etcd"
		import_dir "$d" "$ref" "$path_env" "ENTRYPOINT [\"/usr/local/bin/$base\"]"
		;;
	coredns)
		static_root "$d"
		install -m 0755 "$BIN_CACHE/coredns" "$d/coredns"
		import_dir "$d" "$ref" "$path_env" 'ENTRYPOINT ["/coredns"]' 'EXPOSE 53 53/udp'
		;;
	pause)
		static_root "$d"
		install -m 0755 "$BIN_CACHE/pause" "$d/pause"
		import_dir "$d" "$ref" 'ENTRYPOINT ["/pause"]'
		pause_image=$ref
		;;
	*) die "kubeadm asks for $ref, which this recipe does not know how to build: teach build-image.sh" ;;
	esac
done
[[ -n $pause_image ]] || die "kubeadm named no pause image"

# busybox: Debian's busybox, plus GNU wget in place of its applet (busybox
# 1.35's wget crashes with exit 139 when given -T, as the lessons do) and
# coreutils' printenv (an applet Debian's busybox lacks), each with the
# libraries it loads. Not busybox-static: its shell runs its own applets
# before PATH, so `sh -c wget` would still crash.
busybox_root() {
	local d=$1 t="$work/tools-extract"
	if [[ ! -d $t ]]; then mkdir -p "$t" && tar -C "$t" -xf "$tools_tar"; fi
	static_root "$d"
	mkdir -p "$d/bin" "$d/lib64" "$d/lib/x86_64-linux-gnu" "$d/root" "$d/etc/ssl"
	cp "$t/bin/busybox" "$d/bin/busybox"
	local lib
	for lib in $(chroot "$t" ldd /bin/busybox /usr/bin/wget /usr/bin/printenv | awk '/=>/ {print $3} /ld-linux/ {print $1}' | sort -u); do
		mkdir -p "$d$(dirname "$lib")" && cp -L "$t$lib" "$d$lib"
	done
	for lib in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
		[[ -e $t/lib/x86_64-linux-gnu/$lib ]] && cp -L "$t/lib/x86_64-linux-gnu/$lib" "$d/lib/x86_64-linux-gnu/$lib"
	done
	chroot "$d" /bin/busybox --install -s /bin
	rm -f "$d/bin/wget" && cp "$t/usr/bin/wget" "$d/bin/wget" && cp "$t/usr/bin/printenv" "$d/bin/printenv"
	chroot "$d" /bin/wget --version >/dev/null || die "GNU wget does not run in the busybox image"
	chroot "$d" /bin/printenv PATH >/dev/null || die "printenv does not run in the busybox image"
}
d="$work/img-busybox"; busybox_root "$d"
import_dir "$d" busybox:1.37 "$path_env" 'CMD ["sh"]'

# nginx: Debian's nginx-light on a minbase, logging to the container's
# stdout/stderr as the upstream image does. Each lesson tag gets its own
# image (a rollout must change the image), with its name inside.
nginx_image() {
	local ref=$1 d="$work/img-${1//[:\/]/-}"
	mkdir -p "$d" && tar -C "$d" -xf "$tools_tar"
	ln -sf /dev/stdout "$d/var/log/nginx/access.log"
	ln -sf /dev/stderr "$d/var/log/nginx/error.log"
	echo "$ref" >"$d/etc/kubelab-image"
	import_dir "$d" "$ref" "$path_env" 'CMD ["nginx", "-g", "daemon off;"]' 'EXPOSE 80'
}
# The lesson images: every ref in lessons/course.yaml's image table that is an
# nginx or busybox; a ref meant not to exist (to show a failed pull) is left out.
while read -r ref; do
	case $ref in
	nginx:0.0-does-not-exist) log "leaving out $ref: the lessons need it to be missing" ;;
	nginx:*) nginx_image "$ref" ;;
	busybox:1.37) ;;
	busybox:*) import_dir "$work/img-busybox" "$ref" "$path_env" 'CMD ["sh"]' ;;
	*) die "lessons/course.yaml names $ref, which this recipe cannot build from Debian packages: teach build-image.sh" ;;
	esac
done < <(awk '/^images:/ {in_images=1; next} in_images && /^[^ ]/ {in_images=0} in_images && $1 == "ref:" {print $2}' "$REPO_DIR/lessons/course.yaml")

# kubelab's own add-ons: the CNI and the storage provisioner, busybox shell
# loops around a static kubectl.
d="$work/img-addons"; busybox_root "$d"
install -m 0755 "$BIN_CACHE/kubectl" "$d/usr/local/bin/kubectl"
install -m 0755 "$KINDNODE_DIR/image/cni.sh" "$d/usr/local/bin/kubelab-cni"
install -m 0755 "$KINDNODE_DIR/image/storage.sh" "$d/usr/local/bin/kubelab-storage"
ADDONS_IMAGE="kubelab/addons:$key"
import_dir "$d" "$ADDONS_IMAGE" "$path_env"

log "saving ${#saved[@]} images for the node"
docker save -o "$work/images/all.tar" "${saved[@]}"

# ---- the node's root filesystem ------------------------------------------
root="$work/node"
mkdir -p "$root" && tar -C "$root" -xf "$node_tar"
# kind's base Dockerfile, with its files read from the kind module.
install -m 0755 "$KIND_FILES"/usr/local/bin/* "$root/usr/local/bin/"
mkdir -p "$root/kind/bin" "$root/kind/manifests" "$root/etc/containerd" "$root/etc/default" "$root/etc/sysctl.d" "$root/etc/systemd/system/kubelet.service.d"
cp -r "$KIND_FILES"/kind/. "$root/kind/"
chmod 755 "$root/kind" "$root/kind/bin" "$root"/kind/bin/*
install -m 0644 "$KIND_FILES/etc/crictl.yaml" "$root/etc/crictl.yaml"
install -m 0644 "$KIND_FILES"/etc/containerd/* "$root/etc/containerd/"
install -m 0644 "$KIND_FILES"/etc/default/* "$root/etc/default/"
install -m 0644 "$KIND_FILES"/etc/sysctl.d/* "$root/etc/sysctl.d/"
find "$KIND_FILES/etc/systemd/system" -maxdepth 1 -type f -exec install -m 0644 {} "$root/etc/systemd/system/" \;
install -m 0644 "$KIND_FILES"/etc/systemd/system/kubelet.service.d/* "$root/etc/systemd/system/kubelet.service.d/"
find "$root/lib/systemd/system/sysinit.target.wants/" -name "systemd-tmpfiles-setup.service" -delete
rm -f "$root"/lib/systemd/system/multi-user.target.wants/* "$root"/etc/systemd/system/*.wants/* \
	"$root"/lib/systemd/system/local-fs.target.wants/* "$root"/lib/systemd/system/sockets.target.wants/*udev* \
	"$root"/lib/systemd/system/sockets.target.wants/*initctl* "$root"/lib/systemd/system/basic.target.wants/*
echo "ReadKMsg=no" >>"$root/etc/systemd/journald.conf"
ln -sf /usr/lib/systemd/systemd "$root/sbin/init"
# Debian's containerd, runc and CNI plugins where kind's image has its own.
for b in containerd containerd-shim-runc-v2 ctr; do ln -sf "/usr/bin/$b" "$root/usr/local/bin/$b"; done
mkdir -p "$root/opt/cni/bin"
for p in "$root"/usr/lib/cni/*; do ln -sf "/usr/lib/cni/${p##*/}" "$root/opt/cni/bin/${p##*/}"; done
# runc without CAP_SYS_RESOURCE for the pods, ahead of Debian's runc on PATH.
mkdir -p "$root/usr/local/sbin"
install -m 0755 "$BIN_CACHE/kubelab-runc" "$root/usr/local/sbin/runc"
install -m 0755 "$BIN_CACHE/kubelet" "$BIN_CACHE/kubeadm" "$BIN_CACHE/kubectl" "$root/usr/bin/"
install -m 0755 "$BIN_CACHE/crictl" "$root/usr/local/bin/crictl"
chroot "$root" systemctl enable kubelet.service containerd.service undo-mount-hacks.service >/dev/null 2>&1
chroot "$root" systemctl mask systemd-binfmt.service >/dev/null 2>&1
mkdir -p "$root/etc/kubernetes/manifests"
echo "$KUBE_VERSION" >"$root/kind/version"
# containerd: the pause image kubeadm names, and oom_score_adj never lowered
# (that needs CAP_SYS_RESOURCE, which the pods do not get).
sed -i -e "s|^\(\s*sandbox_image\s*=\).*|\1 \"$pause_image\"|" \
	-e 's|^\(\s*restrict_oom_score_adj\s*=\).*|\1 true|' "$root/etc/containerd/config.toml"
grep -q "sandbox_image = \"$pause_image\"" "$root/etc/containerd/config.toml" || die "kind's containerd config has no sandbox_image line to set"
grep -q 'restrict_oom_score_adj = true' "$root/etc/containerd/config.toml" || die "kind's containerd config has no restrict_oom_score_adj line to set"
chroot "$root" ctr oci spec |
	jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' |
	jq 'del(.process.rlimits)' >"$root/etc/containerd/cri-base.json"
# The add-ons kind applies at create.
sed "s|@ADDONS_IMAGE@|$ADDONS_IMAGE|g" "$KINDNODE_DIR/image/default-cni.yaml" >"$root/kind/manifests/default-cni.yaml"
sed "s|@ADDONS_IMAGE@|$ADDONS_IMAGE|g" "$KINDNODE_DIR/image/default-storage.yaml" >"$root/kind/manifests/default-storage.yaml"
rm -f "$root/etc/machine-id" && touch "$root/etc/machine-id"

base="kubelab/node-base:$key"
tar -C "$root" -c . | docker import \
	--change 'ENV container=docker' \
	--change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' \
	- "$base" >/dev/null
rm -rf "$root"

# ---- load the images into the node's containerd, as kind's builder does ----
log "importing the images into the node's containerd"
builder=$(docker run -d --pull=never --privileged --network none --entrypoint sleep \
	-v "$work/images:/kind/images-import:ro" "$base" infinity)
docker exec "$builder" sh -c 'mkdir -p /run/containerd && (containerd >/var/log/containerd-build.log 2>&1 &)'
for ((i = 0; i < 60; i++)); do
	docker exec "$builder" ctr version >/dev/null 2>&1 && break
	sleep 1
done
docker exec "$builder" ctr -n k8s.io images import --all-platforms --no-unpack --digests \
	/kind/images-import/all.tar >&2 ||
	{ docker exec "$builder" tail -n 20 /var/log/containerd-build.log >&2; die "ctr could not import the images"; }
# Pinned, so the kubelet's image garbage collection never removes them
# (containerd 1.6's ctr import has no --label).
docker exec "$builder" sh -c 'for i in $(ctr -n k8s.io images ls -q); do ctr -n k8s.io images label "$i" io.cri-containerd.pinned=pinned >/dev/null || exit 1; done' ||
	die "ctr could not pin the imported images"
# Stopped means exited: nothing reaps it under `sleep`, so it stays a zombie.
docker exec "$builder" sh -c 'pkill -x containerd; for i in $(seq 100); do
	alive=; for p in $(pgrep -x containerd); do grep -q "^State:.*Z" /proc/$p/status || alive=1; done
	[ -z "$alive" ] && exit 0; sleep 0.2; done; exit 1' ||
	die "containerd did not stop within 20s in the builder; its database may be incomplete"
docker exec "$builder" rm -f /var/log/containerd-build.log
docker commit \
	--change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' \
	--change 'CMD []' \
	--change "LABEL kubelab.key=$key" \
	"$builder" "$NODE_IMAGE" >/dev/null
docker rm -f "$builder" >/dev/null && builder=""
docker rmi "$base" >/dev/null || true
# The lesson images stay in this dockerd: `kubelab images load` sends them from here.
# Older node images of this tag are left dangling: remove them.
docker image prune -f --filter "label=kubelab.key" >/dev/null 2>&1 || true
log "built $NODE_IMAGE ($(docker image inspect -f '{{.Size}}' "$NODE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
