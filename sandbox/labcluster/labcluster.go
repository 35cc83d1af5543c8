// Package labcluster names the lab's own kind cluster and the files that
// describe it in the lab's config folder: the lab kubeconfig (written by kind
// on `kubelab up`, never ~/.kube/config) and a record of the API server the
// cluster had when it was created, which the guard compares every kubeconfig
// with before anything talks to a cluster.
package labcluster

import (
	"kubelab/internal/msg"

	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"kubelab/internal/atomicfile"
	"kubelab/internal/topology"
)

const (
	// Name is the kind cluster's name; kind names its nodes after it.
	Name = topology.ClusterName
	// Context is the context kind writes for the cluster.
	Context = "kind-" + Name
	// ControlPlaneNode is the first node's name; workers are named by
	// WorkerNode.
	ControlPlaneNode = topology.ControlPlaneNode
)

// WorkerNode returns the name kind gives the i-th worker (counting from 1):
// kubelab-worker, kubelab-worker2 and so on.
func WorkerNode(i int) string { return topology.WorkerNode(i) }

// KubeconfigPath is the lab kubeconfig inside the config folder dir.
func KubeconfigPath(dir string) string { return filepath.Join(dir, "kubeconfig") }

func recordPath(dir string) string { return filepath.Join(dir, "cluster.json") }

// Record is what the lab remembers about its cluster: the API server URL kind
// gave it and a digest of its certificate authority, so a kubeconfig edited
// to point elsewhere (or a new cluster on the same port) is told apart.
type Record struct {
	Server   string `json:"server"`
	CASHA256 string `json:"caSHA256,omitempty"`
}

// ErrNoRecord is wrapped by Load when the lab cluster was never brought up
// (or was brought down).
var ErrNoRecord = errors.New("the lab cluster is not up")

// Load reads the record in the config folder dir.
func Load(dir string) (Record, error) {
	var r Record
	data, err := os.ReadFile(recordPath(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return r, &msg.Error{Msg: msg.New("labcluster.notUp", recordPath(dir)), Kind: ErrNoRecord}
	}
	if err != nil {
		return r, fmt.Errorf("read the lab cluster's record: %w", err)
	}
	if err := json.Unmarshal(data, &r); err != nil || r.Server == "" {
		return r, fmt.Errorf("read the lab cluster's record %s: it is damaged (%v): run `kubelab up` to write it again", recordPath(dir), err)
	}
	return r, nil
}

// Save writes r into the config folder dir, creating the folder.
func Save(dir string, r Record) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save the lab cluster's record: %w", err)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("save the lab cluster's record: %w", err)
	}
	return atomicfile.Write(recordPath(dir), append(data, '\n'), 0o600)
}

// Forget removes the record and the lab kubeconfig (after `kubelab down`).
func Forget(dir string) error {
	for _, p := range []string{recordPath(dir), KubeconfigPath(dir)} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("forget the lab cluster: %w", err)
		}
	}
	return nil
}

// CASum is the digest Record.CASHA256 holds for a PEM bundle; empty for none.
func CASum(caPEM []byte) string {
	if len(caPEM) == 0 {
		return ""
	}
	s := sha256.Sum256(caPEM)
	return hex.EncodeToString(s[:])
}

var _ = msg.Register("sandbox/labcluster", msg.Catalog{
	"labcluster.notUp": {"en": "the lab cluster is not up (no %[1]s): run `kubelab up`, or name a cluster of your own with --kubeconfig/--context", "zh": "实验集群尚未启动（没有 %[1]s）：运行 `kubelab up`，或用 --kubeconfig/--context 指定你自己的集群"},
})
