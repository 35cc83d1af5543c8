// Package kubectl is the kubectl inside kubelab (k8s.io/kubectl at the lab's
// Kubernetes minor), so learners need no kubectl of their own. It runs as
// `kubelab kubectl ...`, and as plain `kubectl ...` when kubelab is invoked
// under that name (the link the lab puts first on PATH for its commands and
// its shell).
//
// Every configuration kubectl builds passes the sandbox guard before a single
// request leaves the process: inside the lab's environment the allowed server
// is the one in KUBELAB_SERVER, so `kubectl --context other`, `--server
// other` and kubelab's own `--kubeconfig`/`--context` are refused (and
// without KUBELAB_SERVER, but with any other mark of the environment, every
// server is); outside it the target is resolved as kubelab resolves it (the
// lab's kind cluster, or the --kubeconfig/--context named explicitly), never
// the learner's KUBECONFIG by default. sandbox/README.md says exactly what
// the guard promises.
package kubectl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/rest"
	"k8s.io/component-base/cli"
	kubectlcmd "k8s.io/kubectl/pkg/cmd"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"

	// Before kubectl's commands initialise: their message catalogue loads
	// only in a process that runs kubectl.
	_ "kubelab/internal/kubectlinit"
	"kubelab/internal/xdg"
	"kubelab/sandbox"
	"kubelab/sandbox/labcluster"
)

// InvokedAsKubectl reports whether argv0 (os.Args[0]) names kubectl, so
// main should hand the whole command line to Main.
func InvokedAsKubectl(argv0 string) bool {
	base := strings.TrimSuffix(filepath.Base(argv0), ".exe")
	return base == "kubectl"
}

// Options are kubelab's own flags that choose a cluster (`kubelab
// --context X kubectl ...`); kubectl's --kubeconfig and --context in the
// arguments count the same.
type Options struct {
	Kubeconfig string
	Context    string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Stdin, Stdout, Stderr default to the process's own.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Main runs kubectl with args (what follows `kubectl`) and returns its exit
// code. It sets KUBECONFIG (and kubectl's cache folder) in this process's
// environment to the chosen target's, so call it only as the last thing a
// process does.
func Main(args []string, o Options) int {
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	stdin, stdout, stderr := o.Stdin, o.Stdout, o.Stderr
	if stdin == nil {
		stdin = os.Stdin
	}
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}
	// kubelab's own --kubeconfig/--context name a cluster explicitly. Inside
	// the lab's environment they are kubectl's flags like any other, and the
	// lab's guard applies to whatever they name; outside it kubectl's name
	// the cluster, as kubelab's would.
	kc, kctx := o.Kubeconfig, o.Context
	envGuard, inLab := sandbox.GuardFromEnv(getenv)
	var (
		guard sandbox.Guard
		why   error
	)
	if inLab {
		if kctx != "" {
			args = append([]string{"--context", kctx}, args...)
		}
		if kc != "" {
			args = append([]string{"--kubeconfig", kc}, args...)
		}
		guard = envGuard
	} else {
		if kc == "" && kctx == "" {
			args, kc, kctx = extractTargetFlags(args)
		}
		guard, why = chooseTarget(kc, kctx)
	}
	if why != nil {
		// kubectl still runs (version --client, help, completion need no
		// cluster), but the guard refuses every request, with the reason.
		guard = sandbox.Guard{}
	}

	refused := false
	flags := genericclioptions.NewConfigFlags(true).WithDeprecatedPasswordFlag().WithDiscoveryBurst(300).WithDiscoveryQPS(50.0)
	flags.WrapConfigFn = func(cfg *rest.Config) *rest.Config {
		if err := guard.Check(cfg); err != nil {
			refused = true
			if why != nil {
				err = fmt.Errorf("%w\n(%v)", why, err)
			}
			fmt.Fprintf(stderr, "kubelab: %v\n", err)
			os.Exit(1)
		}
		return guard.Wrap(cfg)
	}
	cmdutil.BehaviorOnFatal(func(msg string, code int) {
		if msg != "" {
			if !strings.HasSuffix(msg, "\n") {
				msg += "\n"
			}
			fmt.Fprint(stderr, msg)
		}
		if why != nil && !refused {
			fmt.Fprintf(stderr, "kubelab: %v\n", why)
		}
		os.Exit(code)
	})
	streams := genericiooptions.IOStreams{In: stdin, Out: stdout, ErrOut: stderr}
	cmd := kubectlcmd.NewKubectlCommand(kubectlcmd.KubectlOptions{
		ConfigFlags: flags.WithWarningPrinter(streams),
		IOStreams:   streams,
		Arguments:   append([]string{"kubectl"}, args...),
	})
	cmd.SetArgs(args)
	return cli.Run(cmd)
}

// chooseTarget decides which server kubectl may reach and points KUBECONFIG
// at it. why is set when there is none (no lab cluster and nothing named).
func chooseTarget(kubeconfig, context string) (sandbox.Guard, error) {
	t, err := sandbox.Resolve(sandbox.Options{Kubeconfig: kubeconfig, Context: context})
	if err != nil {
		// Never fall back to the learner's KUBECONFIG or ~/.kube/config.
		if dir, derr := xdg.ConfigDir(); derr == nil {
			os.Setenv("KUBECONFIG", labcluster.KubeconfigPath(dir))
		}
		return sandbox.Guard{}, err
	}
	env, err := t.Env("")
	if err != nil {
		return sandbox.Guard{}, err
	}
	for _, kv := range env.Vars() {
		k, v, _ := strings.Cut(kv, "=")
		if k != "PATH" {
			os.Setenv(k, v)
		}
	}
	return t.Guard, nil
}

// extractTargetFlags removes --kubeconfig and --context (both spellings)
// from kubectl's arguments, up to a "--", and returns their values.
func extractTargetFlags(args []string) (rest []string, kubeconfig, context string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		var dst *string
		name, val, hasVal := strings.Cut(a, "=")
		switch name {
		case "--kubeconfig":
			dst = &kubeconfig
		case "--context":
			dst = &context
		default:
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				rest = append(rest, a) // let kubectl report the missing value
				continue
			}
			i++
			val = args[i]
		}
		*dst = val
	}
	return rest, kubeconfig, context
}
