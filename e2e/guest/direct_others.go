//go:build !linux

package main

// directRead is 0 where O_DIRECT is unknown.
const directRead = 0
