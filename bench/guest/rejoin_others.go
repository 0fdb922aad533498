//go:build !linux

package main

import "github.com/airroot/airroot/bench/benchproto"

// rejoin needs Linux's network namespaces and clocks.
func rejoin(benchproto.RejoinRequest) *benchproto.Rejoin {
	return &benchproto.Rejoin{Error: "rejoin timing needs Linux"}
}
