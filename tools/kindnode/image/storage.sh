#!/bin/sh
# kubelab-storage: the node image's dynamic provisioner for the "standard"
# StorageClass (kind ships local-path-provisioner, which cannot be had
# offline). For every Pending claim of the class that the scheduler placed on
# a node (WaitForFirstConsumer), it creates a hostPath PV pinned to that node,
# named pvc-<claim uid> and bound to the claim; Released volumes it made are
# deleted (their directory stays on the node).
set -u
PROVISIONER=kubelab/hostpath
ROOT=/var/local-path-provisioner
while :; do
	kubectl get pvc -A -o 'jsonpath={range .items[?(@.status.phase=="Pending")]}{.metadata.namespace}|{.metadata.name}|{.metadata.uid}|{.spec.storageClassName}|{.metadata.annotations.volume\.kubernetes\.io/selected-node}|{.spec.resources.requests.storage}|{.spec.accessModes[*]}{"\n"}{end}' 2>/dev/null |
		while IFS='|' read -r ns name uid class node size modes; do
			[ "$class" = standard ] && [ -n "$node" ] || continue
			pv="pvc-$uid"
			kubectl get pv "$pv" >/dev/null 2>&1 && continue
			modelist=""
			for m in ${modes:-ReadWriteOnce}; do modelist="$modelist\"$m\","; done
			kubectl create -f - <<JSON && echo "provisioned $pv for $ns/$name on $node"
{"apiVersion": "v1", "kind": "PersistentVolume",
 "metadata": {"name": "$pv", "annotations": {"pv.kubernetes.io/provisioned-by": "$PROVISIONER"}},
 "spec": {"capacity": {"storage": "$size"}, "accessModes": [${modelist%,}],
  "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard",
  "claimRef": {"namespace": "$ns", "name": "$name", "uid": "$uid"},
  "hostPath": {"path": "$ROOT/$pv", "type": "DirectoryOrCreate"},
  "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
    {"key": "kubernetes.io/hostname", "operator": "In", "values": ["$node"]}]}]}}}}
JSON
		done
	kubectl get pv -o 'jsonpath={range .items[?(@.status.phase=="Released")]}{.metadata.name}|{.metadata.annotations.pv\.kubernetes\.io/provisioned-by}{"\n"}{end}' 2>/dev/null |
		while IFS='|' read -r pv by; do
			[ "$by" = "$PROVISIONER" ] || continue
			# The directory stays on its node; a new claim gets a new one.
			kubectl delete pv "$pv" --wait=false && echo "deleted released $pv"
		done
	sleep 2
done
