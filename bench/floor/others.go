//go:build !linux

package main

import (
	"errors"
	"net/netip"
)

// errNotLinux is every phase's error off Linux: the floor runs as PID 1 on a board.
var errNotLinux = errors.New("the floor program runs only on Linux")

func mountKernelFilesystems() error               { return errNotLinux }
func loadModules(int) error                       { return errNotLinux }
func joinWiFi(int) error                          { return errNotLinux }
func leaseAddress(int) (netip.Prefix, error)      { return netip.Prefix{}, errNotLinux }
func mountRoot(int, []string, netip.Prefix) error { return errNotLinux }
func switchRoot() error                           { return errNotLinux }
