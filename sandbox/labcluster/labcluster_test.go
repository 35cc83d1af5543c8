package labcluster

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestARecordSurvivesARoundTripAndForgetRemovesIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kubelab")
	want := Record{Server: "https://127.0.0.1:41000", CASHA256: CASum([]byte("ca"))}
	if err := Save(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil || got != want {
		t.Fatalf("loaded %+v (%v), want %+v", got, err, want)
	}
	if err := os.WriteFile(KubeconfigPath(dir), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Forget(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); !errors.Is(err, ErrNoRecord) {
		t.Errorf("after Forget: %v, want ErrNoRecord", err)
	}
	if _, err := os.Stat(KubeconfigPath(dir)); !os.IsNotExist(err) {
		t.Errorf("the lab kubeconfig survived Forget: %v", err)
	}
	if err := Forget(dir); err != nil {
		t.Errorf("a second Forget failed: %v", err)
	}
}

func TestADamagedRecordSaysToRunUp(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(recordPath(dir), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "kubelab up") {
		t.Errorf("error %v, want one saying to run kubelab up", err)
	}
}

func TestNodeNamesFollowKind(t *testing.T) {
	if ControlPlaneNode != "kubelab-control-plane" || WorkerNode(1) != "kubelab-worker" || WorkerNode(2) != "kubelab-worker2" {
		t.Errorf("names %s %s %s", ControlPlaneNode, WorkerNode(1), WorkerNode(2))
	}
	if CASum(nil) != "" || CASum([]byte("a")) == CASum([]byte("b")) {
		t.Error("CASum does not tell CAs apart or invents one")
	}
}
