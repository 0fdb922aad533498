package netboot

import (
	"fmt"
	"testing"

	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/ipconfig"
	"github.com/google/go-cmp/cmp"
)

func TestApplyHostname(t *testing.T) {
	tests := []struct {
		name  string
		ip    string // "" for none
		lease *dhcp.Lease
		want  []string // sethostname calls
		log   string
	}{
		{name: "ip= hostname wins over the lease", ip: "::::pi-kitchen::dhcp",
			lease: &dhcp.Lease{Hostname: "from-server"}, want: []string{"pi-kitchen"}, log: "hostname: pi-kitchen (from ip=)"},
		{name: "ip= hostname with a static address", ip: "10.0.0.5::10.0.0.1:255.255.255.0:pi-hall:eth0:off",
			want: []string{"pi-hall"}, log: "hostname: pi-hall (from ip=)"},
		{name: "lease hostname when ip= gives none", ip: "dhcp",
			lease: &dhcp.Lease{Hostname: "pi7.lan.example"}, want: []string{"pi7.lan.example"}, log: "hostname: pi7.lan.example (from DHCP)"},
		{name: "lease hostname without ip=",
			lease: &dhcp.Lease{Hostname: "pi7"}, want: []string{"pi7"}, log: "hostname: pi7 (from DHCP)"},
		{name: "unusable lease hostname", lease: &dhcp.Lease{Hostname: "pi 7/../x"}},
		{name: "none anywhere", ip: "dhcp", lease: &dhcp.Lease{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ip *ipconfig.Config
			if tt.ip != "" {
				c, err := ipconfig.Parse(tt.ip)
				if err != nil {
					t.Fatal(err)
				}
				ip = &c
			}
			var logs []string
			n := New(ip, func(format string, args ...any) { logs = append(logs, fmt.Sprintf(format, args...)) })
			n.lease = tt.lease
			var got []string
			n.sethostname = func(name string) error { got = append(got, name); return nil }
			n.applyHostname()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sethostname calls (-want +got):\n%s", diff)
			}
			if tt.log != "" && (len(logs) == 0 || logs[len(logs)-1] != tt.log) {
				t.Errorf("log %q, want %q", logs, tt.log)
			}
		})
	}
}

func TestDHCPOptionsClientID(t *testing.T) {
	c, err := ipconfig.Parse("::::pi::dhcp,0,board-7")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(New(&c, nil).dhcpOptions()); got != 2 {
		t.Errorf("ip= with a hostname and a client ID gives %d DHCP options, want 2", got)
	}
	if got := len(New(nil, nil).dhcpOptions()); got != 0 {
		t.Errorf("no ip= gives %d DHCP options, want none", got)
	}
}
