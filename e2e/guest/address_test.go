package main

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestCheckAddress(t *testing.T) {
	prefixes := func(s ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, p := range s {
			out = append(out, netip.MustParsePrefix(p))
		}
		return out
	}
	tests := []struct {
		name   string
		held   []netip.Prefix
		err    error
		pass   bool
		detail string
	}{
		{name: "the pinned one", held: prefixes("127.0.0.1/8", "10.0.2.102/24"), pass: true, detail: "holds 10.0.2.102/24, given by the pin"},
		{name: "the range's first", held: prefixes("127.0.0.1/8", "10.0.2.100/24", "fe80::1/64"), detail: "holds 10.0.2.100/24, want 10.0.2.102, given by the pin"},
		{name: "none", held: prefixes("127.0.0.1/8"), detail: "holds , want 10.0.2.102, given by the pin"},
		{name: "unreadable", err: errors.New("no netlink"), detail: "no netlink"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := testSystem(newRootFS(t, "0"), 1, nil)
			sys.addrs = func() ([]netip.Prefix, error) { return tt.held, tt.err }
			exp := testExpect()
			exp.Address, exp.NamedBy = "10.0.2.102", "the pin"
			c := checkAddress(sys, exp)
			if c.Pass != tt.pass || !strings.Contains(c.Detail, tt.detail) {
				t.Errorf("checkAddress() = %+v, want pass %v and %q", c, tt.pass, tt.detail)
			}
		})
	}
}
