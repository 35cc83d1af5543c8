package kind

import (
	"kubelab/internal/msg"

	"errors"
	"os"
	"os/exec"

	"sigs.k8s.io/kind/pkg/cluster"
)

// Engine is the container engine kind's nodes run in: the command that
// drives it.
type Engine string

const (
	Docker  Engine = "docker"
	Podman  Engine = "podman"
	Nerdctl Engine = "nerdctl"
)

// ProviderEnv is the variable kind's own CLI reads to choose the engine; the
// lab honours it the same way.
const ProviderEnv = "KIND_EXPERIMENTAL_PROVIDER"

// ErrNoEngine is wrapped by DetectEngine's error when no engine is installed.
var ErrNoEngine = errors.New("no container engine found")

// DetectEngine picks the engine named in KIND_EXPERIMENTAL_PROVIDER, else the
// first of docker, nerdctl and podman found on PATH (kind's own order).
func DetectEngine() (Engine, error) {
	if name := os.Getenv(ProviderEnv); name != "" {
		e := Engine(name)
		switch e {
		case Docker, Podman, Nerdctl:
		default:
			return "", msg.Errorf(nil, "kind.engine.unknown", ProviderEnv, name)
		}
		if _, err := exec.LookPath(name); err != nil {
			return "", &msg.Error{Msg: msg.New("kind.engine.notOnPath", ProviderEnv, name), Kind: ErrNoEngine}
		}
		return e, nil
	}
	for _, e := range []Engine{Docker, Nerdctl, Podman} {
		if _, err := exec.LookPath(string(e)); err == nil {
			return e, nil
		}
	}
	return "", &msg.Error{Msg: msg.New("kind.engine.none"), Kind: ErrNoEngine}
}

func (e Engine) providerOption() cluster.ProviderOption {
	switch e {
	case Podman:
		return cluster.ProviderWithPodman()
	case Nerdctl:
		return cluster.ProviderWithNerdctl(string(e))
	default:
		return cluster.ProviderWithDocker()
	}
}
