package main

import (
	"bytes"
	"testing"

	"github.com/airroot/airroot/e2e/guestproto"
)

func TestConsoleFilter(t *testing.T) {
	var out bytes.Buffer
	c := newConsoleFilter(&out)
	c.dropCursorQueries = true
	for _, chunk := range []string{
		"[    0.000000] Booting Linux on physical CPU 0x0\n[    0.1] other kernel line\nairroot: mount: ok",
		" (8ms)\nairroot: timeline {\"steps\":[]}\nfixture: modules: loaded module x\n",
		"fixture: access point \"n\" up\n" + guestproto.ShellStartLine + "\r\n\r\nBusyBox",
		" v1.35\nnew root / ", "# \x1b[", "6n", "ls\r\n\x1b", "[6n",
	} {
		c.Write([]byte(chunk))
	}
	want := "[    0.000000] Booting Linux on physical CPU 0x0\nairroot: mount: ok (8ms)\nfixture: access point \"n\" up\n\r\nBusyBox v1.35\nnew root / # ls\r\n"
	if got := out.String(); got != want {
		t.Errorf("shown:\n%q\nwant:\n%q", got, want)
	}
	select {
	case <-c.prompts:
	default:
		t.Error("the shell's prompt was not noticed")
	}
	c.Write([]byte("new root / # "))
	<-c.prompts
	c.Write([]byte("\x1b[6n"))
	select {
	case <-c.prompts:
		t.Error("a cursor query after the prompt counted as a second prompt")
	default:
	}
}

func TestIsPrompt(t *testing.T) {
	tests := []struct {
		out  string
		want bool
	}{
		{"new root / # ", true},
		{"new root / # \x1b[6n", true},
		{"ls /\r\nbin  dev\r\n", false},
		{"# comment\n", false},
	}
	for _, tt := range tests {
		if got := isPrompt([]byte(tt.out)); got != tt.want {
			t.Errorf("isPrompt(%q) = %v, want %v", tt.out, got, tt.want)
		}
	}
}
