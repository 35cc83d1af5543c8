package classroom

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"kubelab/lessons"
)

// Issued is one learner's kubeconfig.
type Issued struct {
	Learner string
	Path    string
	Expires time.Time
}

// Token asks the API server for a token of the learner's ServiceAccount,
// valid for ttl and bound to the learner's anchor Secret: deleting the
// Secret (or the class) revokes it at once, before it expires.
func Token(ctx context.Context, cs kubernetes.Interface, class, learner string, ttl time.Duration) (string, time.Time, error) {
	ns := ClassNamespace(class)
	anchor, err := cs.CoreV1().Secrets(ns).Get(ctx, anchorName(learner), metav1.GetOptions{})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("token for %s: read its anchor secret: %w", learner, err)
	}
	secs := int64(ttl / time.Second)
	tr := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{
		ExpirationSeconds: &secs,
		BoundObjectRef:    &authenticationv1.BoundObjectReference{Kind: "Secret", APIVersion: "v1", Name: anchor.Name, UID: anchor.UID},
	}}
	out, err := cs.CoreV1().ServiceAccounts(ns).CreateToken(ctx, learner, tr, metav1.CreateOptions{})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("token for %s: %w", learner, err)
	}
	return out.Status.Token, out.Status.ExpirationTimestamp.Time, nil
}

// LearnerKubeconfig builds a learner's kubeconfig: the teacher's server and
// CA, the learner's token, and a context whose namespace is the learner's
// first lesson namespace. The user is named kubelab-class:CLASS:LEARNER so
// that `kubelab classroom join` knows the class and the learner.
func LearnerKubeconfig(teacher *rest.Config, r *Roster, learner, token string) ([]byte, error) {
	ca := teacher.CAData
	if len(ca) == 0 && teacher.CAFile != "" {
		var err error
		if ca, err = os.ReadFile(teacher.CAFile); err != nil {
			return nil, fmt.Errorf("read the cluster's CA %s: %w", teacher.CAFile, err)
		}
	}
	user := strings.Join([]string{userPrefix, r.Name, learner}, ":")
	name := r.Name + "-" + learner
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[r.Name] = &clientcmdapi.Cluster{Server: teacher.Host, CertificateAuthorityData: ca, TLSServerName: teacher.ServerName, InsecureSkipTLSVerify: teacher.Insecure}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: r.Name, AuthInfo: user, Namespace: r.ProgressNamespace(learner)}
	cfg.CurrentContext = name
	return clientcmd.Write(*cfg)
}

// Member is what a class kubeconfig says about its learner.
type Member struct {
	Class, Learner string
	Namespace      string // the first lesson namespace
}

// ParseKubeconfig reads the class and learner from a kubeconfig written by
// LearnerKubeconfig.
func ParseKubeconfig(path string) (Member, error) {
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		return Member{}, fmt.Errorf("read %s: %w", path, err)
	}
	kctx := cfg.Contexts[cfg.CurrentContext]
	if kctx == nil {
		return Member{}, errorf("err.notClassConfig", path)
	}
	parts := strings.Split(kctx.AuthInfo, ":")
	if len(parts) != 3 || parts[0] != userPrefix || ValidName("class", parts[1]) != nil || ValidName("learner", parts[2]) != nil {
		return Member{}, errorf("err.notClassConfig", path)
	}
	return Member{Class: parts[1], Learner: parts[2], Namespace: kctx.Namespace}, nil
}

// IssueKubeconfigs writes one kubeconfig per learner of the class into dir
// (dir/LEARNER.kubeconfig, mode 0600), each with a fresh token valid for ttl.
func IssueKubeconfigs(ctx context.Context, cs kubernetes.Interface, teacher *rest.Config, r *Roster, ttl time.Duration, dir string) ([]Issued, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("write kubeconfigs: %w", err)
	}
	var out []Issued
	for _, l := range r.Learners {
		tok, exp, err := Token(ctx, cs, r.Name, l, ttl)
		if err != nil {
			return out, err
		}
		data, err := LearnerKubeconfig(teacher, r, l, tok)
		if err != nil {
			return out, err
		}
		path := filepath.Join(dir, l+".kubeconfig")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return out, fmt.Errorf("write kubeconfig for %s: %w", l, err)
		}
		out = append(out, Issued{Learner: l, Path: path, Expires: exp})
	}
	return out, nil
}

// ClassCatalog is cat with every lesson pointed at the learner's namespace
// in the class, so the lab (checks, commands, reset) works there. cat itself
// (which may be shared) is left as it is.
func ClassCatalog(cat *lessons.Catalog, class, learner string) *lessons.Catalog {
	c := *cat
	c.Lessons = make([]*lessons.Lesson, len(cat.Lessons))
	for i, l := range cat.Lessons {
		lc := *l
		ns := lc.Namespace
		if ns == "" {
			ns = lc.ID
		}
		lc.Namespace = LearnerNamespace(class, learner, ns)
		c.Lessons[i] = &lc
	}
	return &c
}
