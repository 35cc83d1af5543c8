// Command kubelab-runc is an OCI runtime that runs runc after removing
// CAP_SYS_RESOURCE from the container's capability sets.
//
// On hosts whose capability bounding set lacks CAP_SYS_RESOURCE (some
// sandboxed CI machines), runc cannot apply a spec that asks for it and every
// privileged container fails with "unable to apply caps: operation not
// permitted". Register this program as the default runtime of dockerd (and of
// containerd inside kind's nodes) and privileged containers start with every
// capability the host can give.
//
// It rewrites the bundle's config.json for `create` and `run`, and the
// --process file for `exec`, then replaces itself with runc, passing every
// argument unchanged. The runc it runs is $KUBELAB_RUNC, else the first
// "runc" on PATH that is not this program.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

const dropped = "CAP_SYS_RESOURCE"

func main() {
	args := os.Args[1:]
	if err := rewrite(args); err != nil {
		fmt.Fprintf(os.Stderr, "kubelab-runc: %v\n", err)
		os.Exit(1)
	}
	runc, err := findRunc()
	if err != nil {
		fmt.Fprintf(os.Stderr, "kubelab-runc: %v\n", err)
		os.Exit(1)
	}
	err = syscall.Exec(runc, append([]string{"runc"}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "kubelab-runc: exec %s: %v\n", runc, err)
	os.Exit(1)
}

// rewrite finds the spec file the runc command line refers to and removes
// the capability from it.
func rewrite(args []string) error {
	cmd, rest := subcommand(args)
	switch cmd {
	case "create", "run":
		bundle := "."
		if v, ok := flagValue(rest, "bundle", "b"); ok {
			bundle = v
		}
		return dropFromFile(filepath.Join(bundle, "config.json"), true)
	case "exec":
		if v, ok := flagValue(rest, "process", "p"); ok {
			return dropFromFile(v, false)
		}
	}
	return nil
}

// globalWithValue are runc's global flags that take a separate value.
var globalWithValue = map[string]bool{"--root": true, "--log": true, "--log-format": true, "--criu": true, "--rootless": true}

// subcommand returns runc's command and the arguments after it.
func subcommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) > 0 && a[0] == '-' {
			if globalWithValue[a] {
				i++
			}
			continue
		}
		return a, args[i+1:]
	}
	return "", nil
}

// flagValue finds --long VALUE, --long=VALUE, -s VALUE in args.
func flagValue(args []string, long, short string) (string, bool) {
	for i, a := range args {
		for _, name := range []string{"--" + long, "-" + long, "-" + short} {
			if a == name && i+1 < len(args) {
				return args[i+1], true
			}
			if len(a) > len(name)+1 && a[:len(name)+1] == name+"=" {
				return a[len(name)+1:], true
			}
		}
	}
	return "", false
}

// dropFromFile removes the capability from a spec (whole config, or a
// process for exec) and writes it back in place, keeping every other field.
func dropFromFile(path string, whole bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read the OCI spec: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("parse the OCI spec %s: %w", path, err)
	}
	process := doc
	if whole {
		p, ok := doc["process"].(map[string]any)
		if !ok {
			return nil
		}
		process = p
	}
	caps, ok := process["capabilities"].(map[string]any)
	if !ok || !dropCap(caps) {
		return nil
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, info.Mode().Perm())
}

// dropCap removes the capability from every set and reports whether it was
// in any.
func dropCap(caps map[string]any) bool {
	changed := false
	for set, v := range caps {
		list, ok := v.([]any)
		if !ok {
			continue
		}
		kept := make([]any, 0, len(list))
		for _, c := range list {
			if c == dropped {
				changed = true
				continue
			}
			kept = append(kept, c)
		}
		caps[set] = kept
	}
	return changed
}

func findRunc() (string, error) {
	if p := os.Getenv("KUBELAB_RUNC"); p != "" {
		return p, nil
	}
	self, _ := os.Executable()
	self, _ = filepath.EvalSymlinks(self)
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, "runc")
		real, err := filepath.EvalSymlinks(p)
		if err != nil || real == self {
			continue
		}
		if info, err := os.Stat(real); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0 {
			return real, nil
		}
	}
	for _, p := range []string{"/usr/sbin/runc", "/usr/bin/runc", "/usr/local/sbin/runc"} {
		if real, err := filepath.EvalSymlinks(p); err == nil && real != self {
			return real, nil
		}
	}
	return "", fmt.Errorf("no runc found on PATH (set KUBELAB_RUNC to its path)")
}
