package main

import (
	"fmt"
	"io"
)

// runPassphrase prints the network={...} block for SSID with the PSK of the
// pass-phrase read from stdin, like wpa_passphrase, but without its
// #psk="..." comment: the pass-phrase is never printed.
func runPassphrase(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 1 || args[0] == "" {
		return fmt.Errorf("usage: airroot passphrase SSID < file-with-pass-phrase")
	}
	fmt.Fprintln(stderr, "# reading pass-phrase from standard input")
	pass, err := readPassphraseLine(stdin)
	if err != nil {
		return err
	}
	n, err := pskNetwork(args[0], pass)
	if err != nil {
		return err
	}
	block, err := n.Marshal()
	if err != nil {
		return err
	}
	_, err = stdout.Write(block)
	return err
}
