package cmdline

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/netboot/ipconfig"
	"github.com/airroot/airroot/netboot/nfsroot"
	"github.com/google/go-cmp/cmp"
)

// TestParseRealCmdlines reads command lines as guides and tools write them:
// the Raspberry Pi netboot tutorials' cmdline.txt, the kernel's nfsroot.rst,
// dracut.cmdline(7). What airroot does not act on is named, never dropped
// in silence; a guessed airroot.psk= is named without its value.
func TestParseRealCmdlines(t *testing.T) {
	for _, tt := range realCmdlines {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Parse(tt.in)
			var text []string
			for _, err := range errs {
				if !errors.Is(err, ErrUnsupported) {
					t.Errorf("Parse(%q) error %v is not ErrUnsupported", tt.in, err)
				}
				text = append(text, err.Error())
			}
			if diff := cmp.Diff(tt.errs, text); diff != "" {
				t.Errorf("Parse(%q) errors (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.want, got, cmpAddr); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

var addr = netip.MustParseAddr

// realCmdlines are TestParseRealCmdlines's table, also FuzzParse's seeds.
var realCmdlines = []struct {
	name string
	in   string
	want Config
	errs []string // the errors' text, in order
}{
	{
		name: "Raspberry Pi netboot tutorial, NFSv4.1 over TCP",
		in:   "console=serial0,115200 console=tty1 root=/dev/nfs nfsroot=10.42.0.211:/nfs/client1,vers=4.1,proto=tcp rw ip=dhcp rootwait elevator=deadline\n",
		want: Config{Root: "/dev/nfs", IP: &ipconfig.Config{Mode: ipconfig.DHCP},
			NFS: &nfsroot.Spec{Server: "10.42.0.211", Path: "/nfs/client1", Options: []string{"vers=4.1", "proto=tcp"}, Version: 4}},
	},
	{
		name: "nfsroot.rst: every ip= field, %s in the path",
		in:   "root=/dev/nfs nfsroot=192.168.0.1:/nfs/%s,v3,tcp ip=192.168.0.2:192.168.0.1:192.168.0.254:255.255.255.0:pi:eth0:off:8.8.8.8:8.8.4.4:192.168.0.1 nfsrootdebug",
		want: Config{Root: "/dev/nfs", ReadOnly: true, Debug: true, // nfsrootdebug
			NFS: &nfsroot.Spec{Server: "192.168.0.1", Path: "/nfs/%s", Options: []string{"v3", "tcp"}, Version: 3},
			IP: &ipconfig.Config{Client: addr("192.168.0.2"), Server: addr("192.168.0.1"), Gateway: addr("192.168.0.254"),
				Netmask: addr("255.255.255.0"), Hostname: "pi", Device: "eth0", Mode: ipconfig.Off,
				DNS: []netip.Addr{addr("8.8.8.8"), addr("8.8.4.4")}, NTP: addr("192.168.0.1")}},
	},
	{
		name: "nfsroot.rst: hostname only, the last ip= wins",
		in:   "ip=off ip=::::pi::dhcp root=/dev/nfs",
		want: Config{Root: "/dev/nfs", ReadOnly: true, NFSFromDHCP: true, IP: &ipconfig.Config{Hostname: "pi", Mode: ipconfig.DHCP}},
	},
	{
		name: "dracut.cmdline(7): root=/dev/nfs nfsroot= with options after a colon",
		in:   "root=/dev/nfs nfsroot=192.168.1.2:/srv/pi:vers=3,nolock ip=dhcp",
		want: Config{Root: "/dev/nfs", ReadOnly: true, IP: &ipconfig.Config{Mode: ipconfig.DHCP},
			NFS: &nfsroot.Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=3", "nolock"}, Version: 3}},
	},
	{
		name: "dracut.cmdline(7): root=<root-dir>[:<nfs-options>], the server from DHCP",
		in:   "root=/srv/pi:vers=3 ip=dhcp rw",
		want: Config{Root: "/srv/pi:vers=3", IP: &ipconfig.Config{Mode: ipconfig.DHCP},
			NFS: &nfsroot.Spec{Path: "/srv/pi", Options: []string{"vers=3"}, Version: 3}},
	},
	{
		name: "dracut: anaconda's root=nfs:<options>:<server>:/<path>",
		in:   "root=nfs:nfsvers=4.1,nolock:192.168.122.1:/srv/fedora ip=dhcp rd.neednet=1",
		want: Config{Root: "nfs:nfsvers=4.1,nolock:192.168.122.1:/srv/fedora", ReadOnly: true, IP: &ipconfig.Config{Mode: ipconfig.DHCP},
			NFS: &nfsroot.Spec{Server: "192.168.122.1", Path: "/srv/fedora", Options: []string{"nfsvers=4.1", "nolock"}, Version: 4}},
	},
	{
		name: "dracut: rd.nfs.domain, for an id mapper airroot does not run",
		in:   "root=nfs4:10.0.0.1:/srv rd.nfs.domain=example.lan",
		want: Config{Root: "nfs4:10.0.0.1:/srv", ReadOnly: true, NFS: &nfsroot.Spec{Server: "10.0.0.1", Path: "/srv", Version: 4}},
		errs: []string{
			"rd.nfs.domain: not supported by airroot; ignored (the initramfs runs no NFSv4 id mapper, and the root's /etc/idmapd.conf names the root's domain: have the server send numeric owners " +
				"(nfs-ganesha: NFSV4 { Only_Numeric_Owners = true; }), or mount with vers=3)",
		},
	},
	{
		name: "dracut: rd.driver.pre, rd.driver.blacklist, rd.neednet",
		in:   "root=nfs:10.0.0.1:/srv/root:vers=3 ip=dhcp rd.neednet=1 rd.driver.pre=brcmfmac rd.driver.post=sha256 rd.driver.blacklist=b43,ssb rd.luks=0",
		want: Config{Root: "nfs:10.0.0.1:/srv/root:vers=3", ReadOnly: true, IP: &ipconfig.Config{Mode: ipconfig.DHCP},
			NFS:         &nfsroot.Spec{Server: "10.0.0.1", Path: "/srv/root", Options: []string{"vers=3"}, Version: 3},
			ModulesLoad: []string{"brcmfmac", "sha256"}, Modules: modload.KernelParams{Blacklist: []string{"b43", "ssb"}}},
	},
	{
		name: "dracut network settings airroot does not act on",
		in:   "ip=10.0.0.5::10.0.0.1:255.255.255.0::eth0:none nameserver=10.0.0.1 bootdev=eth0 rd.route=10.1.0.0/16:10.0.0.2 netroot=nfs:10.0.0.1:/srv rd.break",
		want: Config{ReadOnly: true, IP: &ipconfig.Config{Client: addr("10.0.0.5"), Gateway: addr("10.0.0.1"),
			Netmask: addr("255.255.255.0"), Device: "eth0", Mode: ipconfig.Off}},
		errs: []string{
			"nameserver: not supported by airroot; ignored (give the DNS servers in ip='s <dns0-ip>:<dns1-ip> fields)",
			"bootdev: not supported by airroot; ignored (name the interface in ip='s <device> field (ip=::::<hostname>:<device>:dhcp))",
			"rd.route: not supported by airroot; ignored (give the gateway in ip='s <gw-ip> field; other routes are not supported)",
			"netroot: not supported by airroot; ignored (write root=nfs:<server>:<path>[:<options>] or nfsroot=)",
			"rd.break: not supported by airroot; ignored (airroot has no breakpoints; rd.shell opens a shell when the boot cannot finish)",
		},
	},
	{
		name: "guessed airroot keys, a secret among them",
		in:   "airroot.ssid=home airroot.psk=hunter2hunter2 airroot.overlays=tmpfs",
		want: Config{ReadOnly: true, Airroot: map[string]string{"ssid": "home", "psk": "hunter2hunter2", "overlays": "tmpfs"}},
		errs: []string{
			"airroot.ssid: unknown airroot key; ignored (known: " + knownKeys + ")",
			"airroot.psk: unknown airroot key; ignored (known: " + knownKeys + ")",
			"airroot.overlays: unknown airroot key; ignored (known: " + knownKeys + ")",
		},
	},
}

const knownKeys = "airroot.automount, airroot.bootpart, airroot.coldplug, airroot.debug, airroot.nfs.readahead, airroot.overlay, airroot.persist, " +
	"airroot.persist.at, airroot.shell, airroot.wifi.eapol, airroot.wifi.handshake, airroot.app and airroot.app.*"
