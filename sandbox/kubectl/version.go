package kubectl

import (
	"runtime/debug"
	"strings"
	_ "unsafe" // for go:linkname

	"k8s.io/component-base/version"
)

// Kubernetes builds stamp kubectl's version into these variables with
// -ldflags -X; a `go build` of kubelab leaves the placeholder
// "v0.0.0-master+$Format:%H$", which makes `kubectl version` print nonsense
// and warn about a client/server skew of 36 minors. The linknames are the
// in-code form of -X, used only when the build did not stamp them.

//go:linkname gitVersion k8s.io/component-base/version.gitVersion
var gitVersion string

//go:linkname gitMajor k8s.io/component-base/version.gitMajor
var gitMajor string

//go:linkname gitMinor k8s.io/component-base/version.gitMinor
var gitMinor string

const placeholderVersion = "v0.0.0-master+$Format:%H$"

func init() { stampVersion() }

// stampVersion sets kubectl's version from the k8s.io/kubectl module kubelab
// was built with (staging modules v0.X.Y ship in Kubernetes v1.X.Y).
func stampVersion() {
	if gitVersion != placeholderVersion {
		return
	}
	v := KubernetesVersion()
	if v == "" {
		return
	}
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	gitVersion, gitMajor, gitMinor = v, parts[0], parts[1]
	_ = version.SetDynamicVersion(v)
}

// kubectlModule is the k8s.io/kubectl version in go.mod, for builds without
// a module list (test binaries); a test keeps it equal to go.mod.
const kubectlModule = "v0.36.3"

// KubernetesVersion is the Kubernetes release the embedded kubectl belongs
// to ("v1.36.3"), read from the build's module list.
func KubernetesVersion() string {
	v := kubectlModule
	if info, ok := debug.ReadBuildInfo(); ok {
		if m := kubectlDep(info); m != "" {
			v = m
		}
	}
	rest, ok := strings.CutPrefix(v, "v0.")
	if !ok || strings.Count(rest, ".") < 1 {
		return ""
	}
	return "v1." + rest
}

func kubectlDep(info *debug.BuildInfo) string {
	for _, dep := range info.Deps {
		if dep.Path != "k8s.io/kubectl" {
			continue
		}
		if dep.Replace != nil {
			dep = dep.Replace
		}
		return dep.Version
	}
	return ""
}
