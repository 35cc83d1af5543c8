#!/bin/sh
# kubelab-cni: the node image's pod network, a stand-in for kindnet (whose
# module cannot be had). On every node it writes a ptp + host-local CNI
# config for the node's .spec.podCIDR and routes the other nodes' pod CIDRs
# through their InternalIPs, then keeps the routes current.
set -u
if [ -n "${CONTROL_PLANE_ENDPOINT:-}" ]; then
	# kind passes the API server's address so this need not wait for kube-proxy.
	export KUBERNETES_SERVICE_HOST="${CONTROL_PLANE_ENDPOINT%:*}" KUBERNETES_SERVICE_PORT="${CONTROL_PLANE_ENDPOINT##*:}"
fi
: "${NODE_NAME:?NODE_NAME must be set from spec.nodeName}"
conf=/host/etc/cni/net.d/10-kubelab.conflist
while :; do
	cidr=$(kubectl get node "$NODE_NAME" -o 'jsonpath={.spec.podCIDR}' 2>/dev/null)
	if [ -n "$cidr" ]; then
		want=$(cat <<JSON
{
  "cniVersion": "0.4.0",
  "name": "kubelab",
  "plugins": [
    {"type": "ptp", "ipMasq": true, "mtu": 1500,
     "ipam": {"type": "host-local", "dataDir": "/run/cni-ipam-state",
              "ranges": [[{"subnet": "$cidr"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
)
		if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
			echo "$want" >"$conf.tmp" && mv "$conf.tmp" "$conf" && echo "wrote $conf for $cidr"
		fi
		kubectl get nodes -o 'jsonpath={range .items[*]}{.metadata.name}|{.spec.podCIDR}|{.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}' 2>/dev/null |
			while IFS='|' read -r name pcidr ip; do
				[ "$name" = "$NODE_NAME" ] || [ -z "$pcidr" ] || [ -z "$ip" ] && continue
				ip route replace "$pcidr" via "$ip" || echo "route $pcidr via $ip failed"
			done
	fi
	sleep 5
done
