package render

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The child half of TestRenderingIsTheSameWhateverTheLocale: it prints the
// renderings and exits.
func TestMain(m *testing.M) {
	if os.Getenv("KUBELAB_RENDER_CHILD") == "1" {
		os.Stdout.WriteString(localeSample())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func localeSample() string {
	var b strings.Builder
	for _, lang := range []string{"en", "zh"} {
		src, err := os.ReadFile("testdata/note." + lang + ".md")
		if err != nil {
			return "read sample: " + err.Error()
		}
		for _, style := range []Style{StyleASCII, StyleDark} {
			r, err := New(Options{Width: 40, Style: style})
			if err != nil {
				return err.Error()
			}
			out, err := r.Markdown(string(src))
			if err != nil {
				return err.Error()
			}
			b.WriteString(out)
		}
	}
	b.WriteString(Wrap("• 项目符号│和“引号”都是一列宽", 12))
	return b.String()
}

func TestRenderingIsTheSameWhateverTheLocale(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	want := localeSample()
	envs := [][]string{
		{"LC_ALL=C", "LANG=C"},
		{"LANG=zh_CN.UTF-8", "LC_ALL=zh_CN.UTF-8"},
		{"LANG=zh_CN.UTF-8", "LC_ALL=zh_CN.UTF-8", "RUNEWIDTH_EASTASIAN=1"},
		{"LC_ALL=C", "RUNEWIDTH_EASTASIAN=1"},
		{"LANG=ja_JP.UTF-8", "RUNEWIDTH_EASTASIAN=0"},
	}
	for _, env := range envs {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(cleanEnv(), append(env, "KUBELAB_RENDER_CHILD=1")...)
		got, err := cmd.Output()
		if err != nil {
			t.Fatalf("child with %v: %v", env, err)
		}
		if string(got) != want {
			t.Errorf("with %v the rendering differs from this process's", env)
		}
	}
}

// cleanEnv is the environment without locale settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "LANG=") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "RUNEWIDTH_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
