package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestATrustedHashIsRememberedInAFileOnlyTheLearnerReads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kubelab")
	if ok, err := Trusted(dir, "abc"); ok || err != nil {
		t.Fatalf("before trusting: %v, %v", ok, err)
	}
	if err := Trust(dir, "abc", "/packs/mine"); err != nil {
		t.Fatal(err)
	}
	if err := Trust(dir, "abc", "/packs/mine"); err != nil {
		t.Fatal(err)
	}
	if ok, err := Trusted(dir, "abc"); !ok || err != nil {
		t.Fatalf("after trusting: %v, %v", ok, err)
	}
	if ok, _ := Trusted(dir, "abd"); ok {
		t.Error("another hash is trusted too")
	}
	if ok, _ := Trusted(dir, ""); ok {
		t.Error("an empty hash is trusted")
	}
	info, err := os.Stat(filepath.Join(dir, TrustFile))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	t2, _ := loadTrust(dir)
	if len(t2.Packs) != 1 || t2.Packs[0].Dir != "/packs/mine" {
		t.Errorf("recorded %+v, want the one pack once", t2.Packs)
	}
}

func TestABrokenTrustFileIsAnErrorNotTrust(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, TrustFile), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if ok, err := Trusted(dir, "abc"); ok || err == nil {
		t.Errorf("broken file: trusted %v, error %v", ok, err)
	}
}
