package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// wifiConfig returns the networks the flags name, nil when none, and
// warnings about them.
func wifiConfig(f *buildFlags, stdin io.Reader) (*conf.Config, []string, error) {
	switch {
	case f.wifiConfig != "":
		return readWiFiConfig(f.wifiConfig)
	case f.ssid != "" && f.open:
		return &conf.Config{Networks: []conf.Network{{SSID: f.ssid, KeyMgmt: conf.KeyMgmtNone}}}, nil, nil
	case f.ssid != "":
		pass, err := readPassphrase(f, stdin)
		if err != nil {
			return nil, nil, err
		}
		n, err := pskNetwork(f.ssid, pass)
		if err != nil {
			return nil, nil, err
		}
		warn := fmt.Sprintf("the pass-phrase of %q was hashed into its PSK: only the PSK goes in, and it joins the network as well as the pass-phrase would, so keep the SD card private", f.ssid)
		return &conf.Config{Networks: []conf.Network{n}}, []string{warn}, nil
	}
	return nil, nil, nil
}

// pskNetwork is a WPA-PSK network with the PSK of pass.
func pskNetwork(ssid, pass string) (conf.Network, error) {
	psk, err := wpa.PSK(pass, ssid)
	if err != nil {
		return conf.Network{}, fmt.Errorf("wi-fi network %q: %w", ssid, err)
	}
	return conf.Network{SSID: ssid, KeyMgmt: conf.KeyMgmtWPAPSK, PSK: psk}, nil
}

func readWiFiConfig(name string) (*conf.Config, []string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, fmt.Errorf("read wi-fi configuration: %w", err)
	}
	c, warns, err := conf.Parse(bytes.NewReader(data))
	var out []string
	for _, w := range warns {
		w.File = name
		out = append(out, w.String())
	}
	if err != nil {
		var pe *conf.ParseError
		if errors.As(err, &pe) {
			pe.File = name
		}
		return nil, out, fmt.Errorf("read wi-fi configuration: %w", err)
	}
	for i := range c.Networks {
		resolveEAPFiles(c.Networks[i].EAP, filepath.Dir(name))
	}
	for _, line := range passphraseLines(data) {
		if saeOnly(c, line) {
			continue
		}
		out = append(out, fmt.Sprintf("%s:%d: pass-phrase hashed into its PSK: only the PSK goes in, and it joins the network as well as the pass-phrase would, so keep the SD card private", name, line))
	}
	return c, append(out, saeWarnings(c, name)...), nil
}

// resolveEAPFiles reads relative ca_cert=, client_cert= and private_key=
// paths from the configuration file's directory, where they sit beside it.
func resolveEAPFiles(e *conf.EAP, dir string) {
	if e == nil {
		return
	}
	for _, p := range []*string{&e.CACert, &e.ClientCert, &e.PrivateKey} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
}

// quotedPSK matches a psk="pass-phrase" line of wpa_supplicant.conf.
var quotedPSK = regexp.MustCompile(`^\s*psk\s*=\s*"`)

// passphraseLines returns the numbers of the lines that give a pass-phrase
// rather than a PSK.
func passphraseLines(data []byte) []int {
	var lines []int
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		if quotedPSK.MatchString(sc.Text()) {
			lines = append(lines, n)
		}
	}
	return lines
}

// readPassphrase reads --ssid's pass-phrase from its file or standard input.
func readPassphrase(f *buildFlags, stdin io.Reader) (string, error) {
	if f.passphraseFile != "" {
		data, err := os.ReadFile(f.passphraseFile)
		if err != nil {
			return "", fmt.Errorf("read pass-phrase: %w", err)
		}
		return oneLine(string(data), f.passphraseFile)
	}
	return readPassphraseLine(stdin)
}

// readPassphraseLine reads the first line of r, without its line ending.
func readPassphraseLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read pass-phrase from standard input: %w", err)
	}
	if line == "" {
		return "", fmt.Errorf("read pass-phrase from standard input: nothing there")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// oneLine returns the text of a one-line file without its line ending.
func oneLine(text, name string) (string, error) {
	line := strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r")
	if strings.ContainsAny(line, "\r\n") {
		return "", fmt.Errorf("pass-phrase file %s: more than one line (want the pass-phrase alone)", name)
	}
	if line == "" {
		return "", fmt.Errorf("pass-phrase file %s: empty", name)
	}
	return line, nil
}

// saeOnly reports whether line lies in a network block that uses SAE alone,
// where psk="..." is the SAE password and no PSK is derived from it.
func saeOnly(c *conf.Config, line int) bool {
	var in *conf.Network
	for i, n := range c.Networks {
		if n.Line <= line {
			in = &c.Networks[i]
		}
	}
	return in != nil && in.KeyMgmt == conf.KeyMgmtSAE
}

// saeWarnings says, without showing it, that each SAE password goes into
// the initramfs as given: SAE cannot start from a hash of it.
func saeWarnings(c *conf.Config, name string) []string {
	var out []string
	for _, n := range c.Networks {
		if n.KeyMgmt&conf.KeyMgmtSAE != 0 {
			out = append(out, fmt.Sprintf("%s:%d: the SAE (WPA3) password of %q goes into the initramfs as given, since SAE cannot use a hash of it; the file there is readable by root only (0600), so keep the SD card private", name, n.Line, n.SSID))
		}
	}
	return out
}
