// Command etcd is etcd's own server main, built here at the version that
// k8s.io/kubernetes pins so the test cluster and the node image share it.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
