# Developer and CI targets. The test cluster's binaries (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok) are built from the separate
# module tools/testcluster into the user's cache, outside git:
# ${XDG_CACHE_HOME:-~/.cache}/kubelab/testcluster/<version>, or
# $KUBELAB_TESTCLUSTER_BIN. See internal/testcluster.

GO ?= go
# Per test package. Packages test in parallel, each with its own cluster
# (a few seconds to start); the slowest package, sandbox/check, proves every
# lesson step, challenge and wrong attempt (lessons that leave the nodes
# alone side by side) and takes about 10 minutes on 2 busy cores; the
# timeout leaves room for a slower machine.
TEST_TIMEOUT ?= 30m
# Built rather than `go run`, which exits 1 when Ctrl+C stops the cluster.
TESTCLUSTER = bin/testcluster

# The packages that start goroutines, under the race detector: the UI, the
# command runner, the shell, progress, the lesson loader, and the checks'
# watch (its tests only: the proof of every lesson step runs once, in the
# ordinary run).
RACE_PKGS = $(shell $(GO) list ./tui/... | grep -v /screenshots) ./sandbox/runner ./sandbox/shell ./internal/progress ./lessons
RACE_CHECK_RUN = Watch
# goreleaser, pinned in its own module so its ~750 dependencies never move
# kubelab's; run from the repository root so it builds this module.
GORELEASER = $(GO) tool -modfile=tools/release/go.mod goreleaser
# The systems release archives are built for besides this one (see
# .goreleaser.yaml): vet type-checks the code for each, so a call that
# exists on one system only fails here rather than on a learner's machine.
VET_GOOS ?= linux darwin windows

# The fuzzers of what reads and shows a lesson pack (anyone's input, see
# lessons/testdata/hostile): each `func Fuzz...` in this module's tests runs
# for FUZZTIME, one `go test -fuzz` per fuzzer as Go requires. New inputs
# that fail land in the package's testdata/fuzz and then run in every
# ordinary `go test`.
FUZZTIME ?= 20s

.PHONY: test race vet fuzz release-check release-snapshot screenshots testcluster testcluster-up e2e-kind $(TESTCLUSTER)

## test: vet (every GOOS), check the release config, build the test cluster when missing, run every test,
## the race run, then each fuzzer for FUZZTIME (both ran clean for 6-8 minutes before joining; the
## inputs that once failed are kept in testdata/fuzz and run in every ordinary `go test`)
test: vet release-check testcluster
	$(GO) test -timeout $(TEST_TIMEOUT) ./...
	$(MAKE) race
	$(MAKE) fuzz

## fuzz: each fuzzer for FUZZTIME (20s; 2 fuzzers today, under 2 minutes in all)
fuzz:
	@grep -rHo --include='*_test.go' --exclude-dir=tools --exclude-dir=.git '^func Fuzz[A-Za-z0-9_]*' . | sort | \
	while IFS=: read -r file fn; do \
		fn=$${fn#func }; pkg=./$$(dirname "$${file#./}"); \
		echo "$(GO) test $$pkg -run '^$$' -fuzz '^$$fn\$$' -fuzztime $(FUZZTIME)"; \
		$(GO) test "$$pkg" -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

## race: the packages with goroutines under the race detector
race: testcluster
	$(GO) test -race -timeout $(TEST_TIMEOUT) $(RACE_PKGS)
	$(GO) test -race -timeout $(TEST_TIMEOUT) -run '$(RACE_CHECK_RUN)' ./sandbox/check

vet:
	for goos in $(VET_GOOS); do echo "go vet (GOOS=$$goos)"; GOOS=$$goos $(GO) vet ./... || exit 1; done

## release-check: goreleaser's own check of .goreleaser.yaml
release-check:
	$(GORELEASER) check

## release-snapshot: the six release archives and checksums.txt in dist/, unpublished
release-snapshot:
	$(GORELEASER) release --snapshot --clean

## screenshots: capture the README's screens (home, a failing and a passing
## step, notes in Chinese, the cluster) from this tree's kubelab in tmux
## against the test cluster into assets/screenshots/*.ans, render each to
## SVG with freeze (pinned in tools/screenshots/go.mod), and check the
## pictures show their frames; needs tmux
screenshots: testcluster
	$(GO) test -count=1 -run 'TestScreenshots' ./tui/screenshots -screenshots

$(TESTCLUSTER):
	$(GO) build -o $@ ./internal/testcluster/cmd/testcluster

## testcluster: build the test cluster's binaries unless present (about 10 minutes cold)
testcluster: $(TESTCLUSTER)
	$(TESTCLUSTER) build

## testcluster-up: run a test cluster in the foreground, print its kubeconfig, stop on Ctrl+C
testcluster-up: testcluster
	$(TESTCLUSTER) up

## e2e-kind: the lab on a real kind cluster, offline, as root: build the node
## image (tools/kindnode, cached by version), up, prove every needs: kind
## step, images load, node-shell, --mirror, down; stops all it started
e2e-kind:
	tools/kindnode/e2e.sh
