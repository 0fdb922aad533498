package nfsroot

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseNFSRoot(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Spec
	}{
		{name: "raspberry pi", in: "192.168.1.2:/srv/pi,vers=3",
			want: Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=3"}, Version: 3}},
		{name: "path only", in: "/srv/nfs/%s", want: Spec{Path: "/srv/nfs/%s", Version: 3}},
		{name: "every % sequence", in: "/srv/%m/%h-%n/100%%", want: Spec{Path: "/srv/%m/%h-%n/100%%", Version: 3}},
		// No directory: the DHCP root-path gives it (Path "" is "not given").
		{name: "server and options, no directory", in: "10.0.0.9,vers=3",
			want: Spec{Server: "10.0.0.9", Options: []string{"vers=3"}, Version: 3}},
		{name: "options only", in: ",nolock", want: Spec{Options: []string{"nolock"}, Version: 3}},
		{name: "options kept in order", in: "10.0.0.1:/srv,tcp,port=2049,timeo=600",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"tcp", "port=2049", "timeo=600"}, Version: 3}},
		{name: "vers=4", in: "10.0.0.1:/srv,vers=4",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"vers=4"}, Version: 4}},
		{name: "nfsvers=4.1", in: "10.0.0.1:/srv,nfsvers=4.1",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"nfsvers=4.1"}, Version: 4}},
		{name: "v4 flag", in: "10.0.0.1:/srv,v4",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"v4"}, Version: 4}},
		{name: "vers=2", in: "10.0.0.1:/srv,vers=2",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"vers=2"}, Version: 2}},
		{name: "last version wins", in: "10.0.0.1:/srv,vers=4,nfsvers=3",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"vers=4", "nfsvers=3"}, Version: 3}},
		{name: "ipv6 in brackets", in: "[2001:db8::1]:/srv/pi",
			want: Spec{Server: "2001:db8::1", Path: "/srv/pi", Version: 3}},
		{name: "ipv6 link-local with zone", in: "[fe80::1%wlan0]:/srv",
			want: Spec{Server: "fe80::1%wlan0", Path: "/srv", Version: 3}},
		{name: "ipv6 without brackets before :/", in: "fe80::1:/srv",
			want: Spec{Server: "fe80::1", Path: "/srv", Version: 3}},
		{name: "host name", in: "nfs.example.lan:/export/pi",
			want: Spec{Server: "nfs.example.lan", Path: "/export/pi", Version: 3}},
		{name: "server only", in: "10.0.0.1", want: Spec{Server: "10.0.0.1", Version: 3}},
		{name: "server and colon", in: "10.0.0.1:,tcp", want: Spec{Server: "10.0.0.1", Options: []string{"tcp"}, Version: 3}},
		{name: "server and default", in: "10.0.0.1:default,vers=4",
			want: Spec{Server: "10.0.0.1", Options: []string{"vers=4"}, Version: 4}},
		{name: "default", in: "default", want: Spec{Version: 3}},
		{name: "empty", in: "", want: Spec{Version: 3}},
		{name: "options only", in: ",vers=4", want: Spec{Options: []string{"vers=4"}, Version: 4}},
		{name: "empty options skipped", in: "/srv,,tcp,", want: Spec{Path: "/srv", Options: []string{"tcp"}, Version: 3}},
		// dracut's options after a colon, taken off the path when they read as NFS options.
		{name: "dracut colon options", in: "192.168.1.2:/srv/pi:vers=3,tcp",
			want: Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=3", "tcp"}, Version: 3}},
		{name: "dracut colon flag", in: "10.0.0.1:/srv/pi:nolock",
			want: Spec{Server: "10.0.0.1", Path: "/srv/pi", Options: []string{"nolock"}, Version: 3}},
		{name: "colon options without server", in: "/srv:vers=4", want: Spec{Path: "/srv", Options: []string{"vers=4"}, Version: 4}},
		{name: "colon options, then comma options", in: "10.0.0.1:/srv:vers=4.1,port=2049,noac",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"vers=4.1", "port=2049", "noac"}, Version: 4}},
		{name: "colon options after colon options", in: "10.0.0.1:/srv:tcp:v4.2",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"tcp", "v4.2"}, Version: 4}},
		{name: "colon options after ipv6 server", in: "[2001:db8::1]:/srv/pi:tcp,timeo=600",
			want: Spec{Server: "2001:db8::1", Path: "/srv/pi", Options: []string{"tcp", "timeo=600"}, Version: 3}},
		{name: "colon options after %s", in: "/srv/%s:ro", want: Spec{Path: "/srv/%s", Options: []string{"ro"}, Version: 3}},
		{name: "colon options with unknown comma options", in: "/srv:tcp,frob=1",
			want: Spec{Path: "/srv", Options: []string{"tcp", "frob=1"}, Version: 3}},
		{name: "colon in the path, then options", in: "/srv/a:b:tcp",
			want: Spec{Path: "/srv/a:b", Options: []string{"tcp"}, Version: 3}},
		// A colon followed by what is not an NFS option stays in the path, as in the kernel.
		{name: "colon in the path", in: "10.0.0.1:/srv/2024:05,tcp",
			want: Spec{Server: "10.0.0.1", Path: "/srv/2024:05", Options: []string{"tcp"}, Version: 3}},
		{name: "misspelt option stays in the path", in: "/srv/pi:nfsver=3",
			want: Spec{Path: "/srv/pi:nfsver=3", Version: 3}},
		{name: "flag with a value stays in the path", in: "/srv/pi:tcp=1", want: Spec{Path: "/srv/pi:tcp=1", Version: 3}},
		{name: "valued option without a value stays in the path", in: "/srv/pi:port",
			want: Spec{Path: "/srv/pi:port", Version: 3}},
		{name: "trailing colon stays in the path", in: "/srv/pi:", want: Spec{Path: "/srv/pi:", Version: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNFSRoot(tt.in)
			if err != nil {
				t.Fatalf("ParseNFSRoot(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseNFSRoot(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseNFSRootErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr error
		wantMsg string
	}{
		{name: "relative path", in: "foo", wantErr: ErrNotAbsolute,
			wantMsg: `nfsroot=: root directory "foo" is not an absolute path`},
		{name: "relative path after server", in: "10.0.0.1:srv", wantErr: ErrNotAbsolute},
		{name: "short ipv4", in: "10.0.2:/srv", wantErr: ErrBadServer,
			wantMsg: `nfsroot=: bad server "10.0.2": not an IPv4 address (want a.b.c.d)`},
		{name: "ipv4 in brackets", in: "[10.0.0.1]:/srv", wantErr: ErrBadServer},
		{name: "no closing bracket", in: "[fe80::1:/srv", wantErr: ErrBadServer},
		{name: "junk after brackets", in: "[::1]x/srv", wantErr: ErrBadServer},
		{name: "bad ipv6", in: "fe80:::zz:/srv", wantErr: ErrBadServer},
		{name: "bad host name", in: "bad_host:/srv", wantErr: ErrBadServer},
		{name: "unspecified server", in: "0.0.0.0:/srv", wantErr: ErrBadServer},
		{name: "broadcast server", in: "255.255.255.255:/srv", wantErr: ErrBadServer},
		{name: "unspecified ipv6 with zone", in: "[::%eth0]:/srv", wantErr: ErrBadServer},
		{name: "zone that is no interface name", in: "::0%]", wantErr: ErrBadServer},
		{name: "zone with a bracket", in: "[fe80::1%a]b]:/srv", wantErr: ErrBadServer},
		{name: "option without name", in: "10.0.0.1:/srv,=x", wantErr: ErrBadOption},
		{name: "unknown version", in: "10.0.0.1:/srv,vers=5", wantErr: ErrBadOption,
			wantMsg: `nfsroot=: bad option "vers=5": unknown NFS version (want 2, 3, 4, 4.0, 4.1 or 4.2)`},
		{name: "vers without value", in: "/srv,vers", wantErr: ErrBadOption},
		{name: "option with space", in: "/srv,a b", wantErr: ErrBadOption},
		{name: "control character in path", in: "/srv\x01", wantErr: ErrBadPath},
		{name: "path too long", in: "/" + strings.Repeat("p", maxPath), wantErr: ErrBadPath},
		{name: "unknown version after a colon", in: "10.0.0.1:/srv:vers=5", wantErr: ErrBadOption,
			wantMsg: `nfsroot=: bad option "vers=5": unknown NFS version (want 2, 3, 4, 4.0, 4.1 or 4.2)`},
		{name: "unknown % sequence", in: "10.0.0.1:/srv/%x", wantErr: ErrUnknownIdentity,
			wantMsg: `nfsroot=: "/srv/%x": %x is not known (known: %s %m %h %n, and %% for a %)`},
		{name: "lone % at the end", in: "/srv/50%,tcp", wantErr: ErrUnknownIdentity},
		{name: "colon options after a relative path", in: "10.0.0.1:srv:tcp", wantErr: ErrNotAbsolute,
			wantMsg: `nfsroot=: root directory "10.0.0.1:srv:tcp" is not an absolute path`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseNFSRoot(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseNFSRoot(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			var e *Error
			if !errors.As(err, &e) || e.Param != "nfsroot=" {
				t.Errorf("ParseNFSRoot(%q) error = %#v, want an *Error for nfsroot=", tt.in, err)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("ParseNFSRoot(%q) error text:\n got %s\nwant %s", tt.in, err, tt.wantMsg)
			}
		})
	}
}

func TestParseRoot(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      Spec
		wantIsNFS bool
	}{
		{name: "/dev/nfs", in: "/dev/nfs", want: Spec{Version: 3}, wantIsNFS: true},
		{name: "dhcp", in: "dhcp", want: Spec{Version: 3}, wantIsNFS: true},
		{name: "bare nfs", in: "nfs", want: Spec{Version: 3}, wantIsNFS: true},
		{name: "bare nfs4", in: "nfs4", want: Spec{Version: 4}, wantIsNFS: true},
		{name: "nfs: with nothing", in: "nfs:", want: Spec{Version: 3}, wantIsNFS: true},
		{name: "nfs server and path", in: "nfs:192.168.1.2:/srv/pi",
			want: Spec{Server: "192.168.1.2", Path: "/srv/pi", Version: 3}, wantIsNFS: true},
		{name: "nfs with colon options", in: "nfs:192.168.1.2:/srv/pi:vers=3,tcp",
			want: Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=3", "tcp"}, Version: 3}, wantIsNFS: true},
		{name: "nfs with comma options", in: "nfs:192.168.1.2:/srv/pi,vers=4",
			want: Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=4"}, Version: 4}, wantIsNFS: true},
		{name: "nfs with both separators", in: "nfs:10.0.0.1:/srv,tcp:port=2049",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"tcp", "port=2049"}, Version: 3}, wantIsNFS: true},
		{name: "nfs4", in: "nfs4:192.168.1.2:/srv/pi",
			want: Spec{Server: "192.168.1.2", Path: "/srv/pi", Version: 4}, wantIsNFS: true},
		{name: "nfs4 with minor version", in: "nfs4:192.168.1.2:/srv/pi:vers=4.2,port=2049",
			want: Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=4.2", "port=2049"}, Version: 4}, wantIsNFS: true},
		{name: "nfs path without server", in: "nfs:/srv/%s", want: Spec{Path: "/srv/%s", Version: 3}, wantIsNFS: true},
		{name: "nfs ipv6", in: "nfs:[2001:db8::1]:/srv:tcp",
			want: Spec{Server: "2001:db8::1", Path: "/srv", Options: []string{"tcp"}, Version: 3}, wantIsNFS: true},
		{name: "nfs host name", in: "nfs:nas.lan:/volume1/pi",
			want: Spec{Server: "nas.lan", Path: "/volume1/pi", Version: 3}, wantIsNFS: true},
		{name: "url with port", in: "nfs://10.0.0.1:2049/srv/pi",
			want: Spec{Server: "10.0.0.1", Path: "/srv/pi", Options: []string{"port=2049"}, Version: 3}, wantIsNFS: true},
		{name: "url without port", in: "nfs://nas.lan/srv",
			want: Spec{Server: "nas.lan", Path: "/srv", Version: 3}, wantIsNFS: true},
		{name: "url anaconda empty port", in: "nfs://nas.lan:/srv",
			want: Spec{Server: "nas.lan", Path: "/srv", Version: 3}, wantIsNFS: true},
		{name: "url ipv6", in: "nfs://[2001:db8::1]:2049/x",
			want: Spec{Server: "2001:db8::1", Path: "/x", Options: []string{"port=2049"}, Version: 3}, wantIsNFS: true},
		// anaconda's options before the server (dracut's anaconda_nfs_to_var).
		{name: "anaconda options", in: "nfs:vers=4,tcp:10.0.0.1:/srv/pi",
			want: Spec{Server: "10.0.0.1", Path: "/srv/pi", Options: []string{"vers=4", "tcp"}, Version: 4}, wantIsNFS: true},
		{name: "anaconda flag", in: "nfs:nolock:nas.lan:/export/pi",
			want: Spec{Server: "nas.lan", Path: "/export/pi", Options: []string{"nolock"}, Version: 3}, wantIsNFS: true},
		{name: "anaconda option the table does not know", in: "nfs:nfsvers=3,newopt=1:10.0.0.1:/srv",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"nfsvers=3", "newopt=1"}, Version: 3}, wantIsNFS: true},
		{name: "anaconda ipv6", in: "nfs:vers=3:[2001:db8::1]:/srv",
			want: Spec{Server: "2001:db8::1", Path: "/srv", Options: []string{"vers=3"}, Version: 3}, wantIsNFS: true},
		{name: "anaconda unbracketed ipv6", in: "nfs:tcp:fe80::1:/srv",
			want: Spec{Server: "fe80::1", Path: "/srv", Options: []string{"tcp"}, Version: 3}, wantIsNFS: true},
		{name: "anaconda and trailing options", in: "nfs:tcp:10.0.0.1:/srv:port=2049",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"tcp", "port=2049"}, Version: 3}, wantIsNFS: true},
		{name: "anaconda after nfs4", in: "nfs4:minorversion=1:10.0.0.1:/srv",
			want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"minorversion=1"}, Version: 4}, wantIsNFS: true},
		{name: "unbracketed ipv6 is no anaconda options", in: "nfs:fe80::1:/srv",
			want: Spec{Server: "fe80::1", Path: "/srv", Version: 3}, wantIsNFS: true},
		{name: "a server named like an option, then a path", in: "nfs:tcp:/srv",
			want: Spec{Server: "tcp", Path: "/srv", Version: 3}, wantIsNFS: true},
		{name: "dracut legacy server path", in: "10.0.0.1:/srv/pi",
			want: Spec{Server: "10.0.0.1", Path: "/srv/pi", Version: 3}, wantIsNFS: true},
		{name: "dracut legacy path", in: "/srv/pi",
			want: Spec{Path: "/srv/pi", Version: 3}, wantIsNFS: true},
		{name: "dracut legacy path and options", in: "/srv/pi:vers=4.1,tcp",
			want: Spec{Path: "/srv/pi", Options: []string{"vers=4.1", "tcp"}, Version: 4}, wantIsNFS: true},
		{name: "dracut legacy server path and options", in: "10.0.0.1:/srv/pi,nolock",
			want: Spec{Server: "10.0.0.1", Path: "/srv/pi", Options: []string{"nolock"}, Version: 3}, wantIsNFS: true},
		{name: "block device", in: "/dev/mmcblk0p2"},
		{name: "block device by uuid", in: "/dev/disk/by-uuid/0f1e2d3c"},
		{name: "server address alone is no path", in: "10.0.0.1"},
		{name: "partuuid", in: "PARTUUID=6c586e13-02"},
		{name: "label", in: "LABEL=rootfs"},
		{name: "nfs4 device name is not dracut", in: "/dev/nfs4"},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, isNFS, err := ParseRoot(tt.in)
			if err != nil {
				t.Fatalf("ParseRoot(%q): %v", tt.in, err)
			}
			if isNFS != tt.wantIsNFS {
				t.Errorf("ParseRoot(%q) isNFS = %v, want %v", tt.in, isNFS, tt.wantIsNFS)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRoot(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseRootErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr error
		wantMsg string
	}{
		{name: "relative path", in: "nfs:srv", wantErr: ErrNotAbsolute,
			wantMsg: `root=: root directory "srv" is not an absolute path`},
		{name: "nfs4 with vers=3", in: "nfs4:10.0.0.1:/srv:vers=3", wantErr: ErrBadOption,
			wantMsg: `root=: bad option "vers=3": contradicts nfs4: (use nfs: for NFS version 3)`},
		{name: "bad server", in: "nfs:10.0.2:/srv", wantErr: ErrBadServer},
		{name: "bad url port", in: "nfs://10.0.0.1:http/srv", wantErr: ErrBadServer},
		{name: "url port out of range", in: "nfs://10.0.0.1:65536/srv", wantErr: ErrBadServer},
		{name: "url bracket port", in: "nfs://[::1]:x/srv", wantErr: ErrBadServer},
		{name: "unbracketed ipv6 url", in: "nfs://fe80::1/srv", wantErr: ErrBadServer},
		{name: "bad option", in: "nfs:/srv:=x", wantErr: ErrBadOption},
		{name: "dracut's dhcp6", in: "dhcp6", wantErr: ErrBadServer},
		{name: "unknown % sequence", in: "nfs:10.0.0.1:/srv/%i", wantErr: ErrUnknownIdentity},
		{name: "anaconda options contradict nfs4", in: "nfs4:vers=3:10.0.0.1:/srv", wantErr: ErrBadOption,
			wantMsg: `root=: bad option "vers=3": contradicts nfs4: (use nfs: for NFS version 3)`},
		{name: "anaconda unknown version", in: "nfs:vers=5:10.0.0.1:/srv", wantErr: ErrBadOption,
			wantMsg: `root=: bad option "vers=5": unknown NFS version (want 2, 3, 4, 4.0, 4.1 or 4.2)`},
		{name: "anaconda bad server", in: "nfs:tcp:10.0.2:/srv", wantErr: ErrBadServer,
			wantMsg: `root=: bad server "10.0.2": not an IPv4 address (want a.b.c.d)`},
		{name: "anaconda relative path", in: "nfs:tcp:10.0.0.1:srv", wantErr: ErrNotAbsolute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, isNFS, err := ParseRoot(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseRoot(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			if !isNFS {
				t.Errorf("ParseRoot(%q) isNFS = false, want true with the error", tt.in)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("ParseRoot(%q) error text:\n got %s\nwant %s", tt.in, err, tt.wantMsg)
			}
		})
	}
}

func TestParseRootPath(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Spec
		wantErr error
	}{
		{name: "kernel form", in: "10.0.0.1:/srv/pi", want: Spec{Server: "10.0.0.1", Path: "/srv/pi", Version: 3}},
		{name: "path and options", in: "/srv/pi,vers=4", want: Spec{Path: "/srv/pi", Options: []string{"vers=4"}, Version: 4}},
		{name: "dracut nfs", in: "nfs:10.0.0.1:/srv:tcp", want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"tcp"}, Version: 3}},
		{name: "dracut nfs4", in: "nfs4:/srv", want: Spec{Path: "/srv", Version: 4}},
		{name: "kernel form, colon options", in: "10.0.0.1:/srv/pi:vers=4.2",
			want: Spec{Server: "10.0.0.1", Path: "/srv/pi", Options: []string{"vers=4.2"}, Version: 4}},
		{name: "url", in: "nfs://10.0.0.1/srv", want: Spec{Server: "10.0.0.1", Path: "/srv", Version: 3}},
		{name: "anaconda", in: "nfs:vers=4.2:10.0.0.1:/srv", want: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"vers=4.2"}, Version: 4}},
		{name: "relative", in: "srv", wantErr: ErrNotAbsolute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRootPath(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseRootPath(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "dhcp root-path: ") {
					t.Errorf("ParseRootPath(%q) error %q does not name the DHCP root-path", tt.in, err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRootPath(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		want string
	}{
		{name: "full", spec: Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"vers=4", "tcp"}}, want: "10.0.0.1:/srv,vers=4,tcp"},
		{name: "ipv6", spec: Spec{Server: "2001:db8::1", Path: "/srv"}, want: "[2001:db8::1]:/srv"},
		{name: "path only", spec: Spec{Path: "/srv"}, want: "/srv"},
		{name: "server only", spec: Spec{Server: "nas"}, want: "nas:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.spec.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
