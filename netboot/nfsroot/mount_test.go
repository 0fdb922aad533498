package nfsroot

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMount(t *testing.T) {
	server := netip.MustParseAddr("192.168.1.2")
	tests := []struct {
		name       string
		spec       Spec
		serverAddr netip.Addr
		want       MountArgs
	}{
		{name: "defaults for NFS 3",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv/pi", Version: 3},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv/pi", FSType: "nfs", Data: "vers=3,nolock,addr=192.168.1.2"}},
		{name: "user's vers=3 not repeated",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=3"}, Version: 3},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv/pi", FSType: "nfs", Data: "nolock,addr=192.168.1.2,vers=3"}},
		{name: "nfsvers=3 counts as vers",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv", Options: []string{"nfsvers=3", "tcp"}, Version: 3},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs", Data: "nolock,addr=192.168.1.2,nfsvers=3,tcp"}},
		{name: "vers=4 option makes nfs4 without nolock",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv", Options: []string{"vers=4"}, Version: 4},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs4", Data: "addr=192.168.1.2,vers=4"}},
		{name: "nfs4 prefix without options",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv", Version: 4},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs4", Data: "addr=192.168.1.2"}},
		{name: "user's lock wins",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv", Options: []string{"lock"}, Version: 3},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs", Data: "vers=3,addr=192.168.1.2,lock"}},
		{name: "user's local_lock wins",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv", Options: []string{"local_lock=none"}, Version: 3},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs", Data: "vers=3,addr=192.168.1.2,local_lock=none"}},
		{name: "user's addr wins",
			spec:       Spec{Server: "nas", Path: "/srv", Options: []string{"addr=10.9.9.9"}, Version: 3},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs", Data: "vers=3,nolock,addr=10.9.9.9"}},
		{name: "duplicates keep the last",
			spec: Spec{Server: "192.168.1.2", Path: "/srv",
				Options: []string{"tcp", "vers=4", "noac", "port=2049", "proto=udp", "nfsvers=3", "ac", "port=20049"}, Version: 3},
			serverAddr: server,
			want: MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs",
				Data: "nolock,addr=192.168.1.2,proto=udp,nfsvers=3,ac,port=20049"}},
		{name: "NFS 2",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv", Version: 2},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs", Data: "vers=2,nolock,addr=192.168.1.2"}},
		{name: "zero version is NFS 3",
			spec:       Spec{Server: "192.168.1.2", Path: "/srv"},
			serverAddr: server,
			want:       MountArgs{Source: "192.168.1.2:/srv", FSType: "nfs", Data: "vers=3,nolock,addr=192.168.1.2"}},
		{name: "ipv6 in brackets in the source only",
			spec:       Spec{Server: "2001:db8::1", Path: "/srv", Version: 3},
			serverAddr: netip.MustParseAddr("2001:db8::1"),
			want:       MountArgs{Source: "[2001:db8::1]:/srv", FSType: "nfs", Data: "vers=3,nolock,addr=2001:db8::1"}},
		{name: "host name looked up by the caller",
			spec:       Spec{Server: "nas.lan", Path: "/srv", Version: 3},
			serverAddr: netip.MustParseAddr("10.0.0.7"),
			want:       MountArgs{Source: "10.0.0.7:/srv", FSType: "nfs", Data: "vers=3,nolock,addr=10.0.0.7"}},
		{name: "no server address",
			spec: Spec{Server: "nas.lan", Path: "/srv", Version: 3},
			want: MountArgs{Source: "nas.lan:/srv", FSType: "nfs", Data: "vers=3,nolock"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.spec.Mount(tt.serverAddr)); diff != "" {
				t.Errorf("%+v.Mount(%v) (-want +got):\n%s", tt.spec, tt.serverAddr, diff)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	client := netip.MustParseAddr("192.168.1.20")
	tests := []struct {
		name          string
		spec          Spec
		client        netip.Addr
		defaultServer string
		want          Spec
		wantErr       error
	}{
		{name: "client address in the path",
			spec: Spec{Server: "192.168.1.2", Path: "/srv/%s/root", Version: 3}, client: client,
			want: Spec{Server: "192.168.1.2", Path: "/srv/192.168.1.20/root", Version: 3}},
		{name: "every %s replaced",
			spec: Spec{Server: "s", Path: "/%s/%s", Version: 3}, client: client,
			want: Spec{Server: "s", Path: "/192.168.1.20/192.168.1.20", Version: 3}},
		{name: "server from ip= or DHCP",
			spec: Spec{Path: "/srv", Options: []string{"tcp"}, Version: 4}, client: client, defaultServer: "192.168.1.2",
			want: Spec{Server: "192.168.1.2", Path: "/srv", Options: []string{"tcp"}, Version: 4}},
		{name: "given server beats the default",
			spec: Spec{Server: "10.0.0.1", Path: "/srv", Version: 3}, client: client, defaultServer: "192.168.1.2",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Version: 3}},
		{name: "kernel's default path",
			spec: Spec{Server: "192.168.1.2", Version: 3}, client: client,
			want: Spec{Server: "192.168.1.2", Path: "/tftpboot/192.168.1.20", Version: 3}},
		{name: "zero version becomes 3",
			spec: Spec{Server: "s", Path: "/srv"},
			want: Spec{Server: "s", Path: "/srv", Version: 3}},
		{name: "no path placeholder needs no client",
			spec: Spec{Server: "s", Path: "/srv", Version: 3},
			want: Spec{Server: "s", Path: "/srv", Version: 3}},
		{name: "no server", spec: Spec{Path: "/srv", Version: 3}, client: client, wantErr: ErrNoServer},
		{name: "bad default server", spec: Spec{Path: "/srv", Version: 3}, client: client, defaultServer: "10.0.2", wantErr: ErrBadServer},
		{name: "placeholder without client", spec: Spec{Server: "s", Path: "/srv/%s", Version: 3}, wantErr: ErrNoClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.spec.Resolve(tt.client, tt.defaultServer)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Resolve error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Resolve (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolveDoesNotShareOptions(t *testing.T) {
	s := Spec{Server: "s", Path: "/srv", Options: []string{"tcp"}, Version: 3}
	r, err := s.Resolve(netip.Addr{}, "")
	if err != nil {
		t.Fatal(err)
	}
	r.Options[0] = "udp"
	if s.Options[0] != "tcp" {
		t.Errorf("changing the resolved Spec's options changed the original: %q", s.Options)
	}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name       string
		base, over Spec
		want       Spec
	}{
		{name: "nfsroot= over DHCP root-path",
			base: Spec{Server: "10.0.0.1", Path: "/dhcp", Options: []string{"tcp"}, Version: 3},
			over: Spec{Path: "/cmdline", Options: []string{"vers=4"}, Version: 4},
			want: Spec{Server: "10.0.0.1", Path: "/cmdline", Options: []string{"tcp", "vers=4"}, Version: 4}},
		{name: "server only over path only",
			base: Spec{Path: "/srv", Version: 3},
			over: Spec{Server: "nas", Version: 3},
			want: Spec{Server: "nas", Path: "/srv", Version: 3}},
		{name: "nfs4 prefix survives a default",
			base: Spec{Path: "/srv", Version: 4},
			over: Spec{Version: 3},
			want: Spec{Path: "/srv", Version: 4}},
		{name: "options decide the version",
			base: Spec{Path: "/srv", Version: 4},
			over: Spec{Options: []string{"vers=3"}, Version: 3},
			want: Spec{Path: "/srv", Options: []string{"vers=3"}, Version: 3}},
		{name: "empty", want: Spec{Version: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.base.Merge(tt.over)); diff != "" {
				t.Errorf("Merge (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMountArgsVers(t *testing.T) {
	tests := []struct {
		fsType, data, want string
	}{
		{"nfs", "vers=3,nolock,addr=10.0.0.1", "3"},
		{"nfs", "nolock,addr=10.0.0.1", "3"},
		{"nfs4", "addr=10.0.0.1", "4"},
		{"nfs4", "addr=10.0.0.1,vers=4.1", "4.1"},
		{"nfs4", "addr=10.0.0.1,nfsvers=4.2", "4.2"},
		{"nfs4", "vers=4.2,addr=10.0.0.1,v4.0", "4.0"},
		{"nfs", "nfsvers=2", "2"},
	}
	for _, tt := range tests {
		if got := (MountArgs{FSType: tt.fsType, Data: tt.data}).Vers(); got != tt.want {
			t.Errorf("MountArgs{%s, %s}.Vers() = %q, want %q", tt.fsType, tt.data, got, tt.want)
		}
	}
}
