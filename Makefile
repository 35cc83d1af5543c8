# Developer and CI targets. The test cluster's binaries (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok) are built from the separate
# module tools/testcluster into the user's cache, outside git:
# ${XDG_CACHE_HOME:-~/.cache}/kubelab/testcluster/<version>, or
# $KUBELAB_TESTCLUSTER_BIN. See internal/testcluster.

GO ?= go
# Packages test in parallel, each with its own cluster; a cold start is a few
# seconds, so this bounds hangs rather than slow tests.
TEST_TIMEOUT ?= 15m
TESTCLUSTER = $(GO) run ./internal/testcluster/cmd/testcluster

.PHONY: test vet testcluster testcluster-up

## test: vet, build the test cluster when missing, run every test
test: vet testcluster
	$(GO) test -timeout $(TEST_TIMEOUT) ./...

vet:
	$(GO) vet ./...

## testcluster: build the test cluster's binaries unless present (about 10 minutes cold)
testcluster:
	$(TESTCLUSTER) build

## testcluster-up: run a test cluster in the foreground, print its kubeconfig, stop on Ctrl+C
testcluster-up: testcluster
	$(TESTCLUSTER) up
