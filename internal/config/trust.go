package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"kubelab/internal/atomicfile"
)

// TrustFile lists the lesson packs the learner trusts, by content hash,
// inside the config folder. A pack is code (its commands run on the
// learner's machine and nodes); trusting it is remembered per content, so a
// pack that changes by one byte is asked about again.
const TrustFile = "trusted-packs.json"

// maxTrustBytes bounds what the trust file may hold: a line per pack.
const maxTrustBytes = 1 << 20

// TrustedPack is one trusted pack.
type TrustedPack struct {
	Hash string `json:"hash"`
	// Dir is where the pack was when trusted, for the learner's eyes only:
	// the hash alone decides.
	Dir     string    `json:"dir,omitempty"`
	Trusted time.Time `json:"trusted"`
}

type trustFile struct {
	Packs []TrustedPack `json:"packs"`
}

func loadTrust(dir string) (trustFile, error) {
	var t trustFile
	path := filepath.Join(dir, TrustFile)
	data, err := atomicfile.ReadSmall(path, maxTrustBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("read trusted packs: %w", err)
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return trustFile{}, fmt.Errorf("%s: not valid JSON (%v); fix or delete it", path, err)
	}
	return t, nil
}

// Trusted reports whether the pack with this content hash is trusted.
func Trusted(dir, hash string) (bool, error) {
	if hash == "" {
		return false, nil
	}
	t, err := loadTrust(dir)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(t.Packs, func(p TrustedPack) bool { return p.Hash == hash }), nil
}

// Trust records the pack with this content hash as trusted, atomically and
// readable by the learner only.
func Trust(dir, hash, packDir string) error {
	if hash == "" {
		return errors.New("trust a lesson pack: it has no content hash")
	}
	t, err := loadTrust(dir)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(t.Packs, func(p TrustedPack) bool { return p.Hash == hash }) {
		return nil
	}
	t.Packs = append(t.Packs, TrustedPack{Hash: hash, Dir: packDir, Trusted: time.Now().UTC().Truncate(time.Second)})
	data, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("trust a lesson pack: %w", err)
	}
	return atomicfile.Write(filepath.Join(dir, TrustFile), append(data, '\n'), 0o600)
}
