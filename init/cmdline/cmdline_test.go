package cmdline

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/netboot/ipconfig"
	"github.com/airroot/airroot/netboot/nfsroot"
	"github.com/airroot/airroot/netboot/wifi"
	"github.com/google/go-cmp/cmp"
)

var cmpAddr = cmp.Comparer(func(a, b netip.Addr) bool { return a == b })

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Config
	}{
		{
			name: "raspberry pi cmdline.txt for an NFS root",
			in:   "console=serial0,115200 console=tty1 root=/dev/nfs nfsroot=192.168.1.2:/srv/pi,vers=3 rw ip=dhcp rootwait\n",
			want: Config{
				Root: "/dev/nfs",
				NFS:  &nfsroot.Spec{Server: "192.168.1.2", Path: "/srv/pi", Options: []string{"vers=3"}, Version: 3},
				IP:   &ipconfig.Config{Mode: ipconfig.DHCP},
			},
		},
		{
			name: "raspberry pi os default with module parameters",
			in: "coherent_pool=1M 8250.nr_uarts=1 snd_bcm2835.enable_headphones=0 snd_bcm2835.enable_hdmi=1 " +
				"bcm2708_fb.fbwidth=656 vc_mem.mem_base=0x3ec00000 console=ttyS0,115200 console=tty1 " +
				"root=PARTUUID=6c586e13-02 rootfstype=ext4 fsck.repair=yes rootwait quiet splash " +
				"plymouth.ignore-serial-consoles net.ifnames=0 systemd.unit=multi-user.target",
			want: Config{
				Root:     "PARTUUID=6c586e13-02",
				ReadOnly: true,
				Quiet:    true,
				Modules: modload.KernelParams{Params: map[string][]string{
					"8250":        {"nr_uarts=1"},
					"snd_bcm2835": {"enable_headphones=0", "enable_hdmi=1"},
					"bcm2708_fb":  {"fbwidth=656"},
					"vc_mem":      {"mem_base=0x3ec00000"},
				}},
			},
		},
		{
			name: "airroot over wi-fi",
			in: `console=tty1 root=/dev/nfs nfsroot=10.0.0.1:/srv/%s ip=::::pi1:wlan0:dhcp rw ` +
				`airroot.bootpart="LABEL=My Boot" airroot.debug modules-load=brcmfmac ` +
				`rd.modules-load=brcmfmac,cfg80211 brcmfmac.roamoff=1 brcmfmac.feature-disable=0x82000 panic=10`,
			want: Config{
				Root:        "/dev/nfs",
				NFS:         &nfsroot.Spec{Server: "10.0.0.1", Path: "/srv/%s", Version: 3},
				IP:          &ipconfig.Config{Hostname: "pi1", Device: "wlan0", Mode: ipconfig.DHCP},
				Airroot:     map[string]string{"bootpart": "LABEL=My Boot", "debug": ""},
				Debug:       true,
				ModulesLoad: []string{"brcmfmac", "cfg80211"},
				Modules:     modload.KernelParams{Params: map[string][]string{"brcmfmac": {"roamoff=1", "feature_disable=0x82000"}}},
				Panic:       10 * time.Second,
				PanicSet:    true,
			},
		},
		{
			name: "dracut style on debian",
			in: "BOOT_IMAGE=/vmlinuz-6.1.0-13-arm64 root=nfs:192.168.122.1:/srv/debian:vers=4.2,tcp " +
				"ip=dhcp rd.neednet=1 rd.debug rd.shell ro quiet -- single",
			want: Config{
				Root:     "nfs:192.168.122.1:/srv/debian:vers=4.2,tcp",
				NFS:      &nfsroot.Spec{Server: "192.168.122.1", Path: "/srv/debian", Options: []string{"vers=4.2", "tcp"}, Version: 4},
				IP:       &ipconfig.Config{Mode: ipconfig.DHCP},
				ReadOnly: true,
				Debug:    true,
				Quiet:    true,
				InitArgs: []string{"single"},
			},
		},
		{
			name: "root=dhcp takes everything from DHCP",
			in:   "root=dhcp ip=dhcp",
			want: Config{Root: "dhcp", NFSFromDHCP: true, IP: &ipconfig.Config{Mode: ipconfig.DHCP}, ReadOnly: true},
		},
		{
			name: "root=/dev/nfs alone takes the root-path from DHCP",
			in:   "root=/dev/nfs",
			want: Config{Root: "/dev/nfs", NFSFromDHCP: true, ReadOnly: true},
		},
		{
			name: "nfsroot= without root= is an NFS root, as in the kernel",
			in:   "nfsroot=/srv/pi",
			want: Config{NFS: &nfsroot.Spec{Path: "/srv/pi", Version: 3}, ReadOnly: true},
		},
		{
			name: "nfsroot= with only a server and options",
			in:   "root=/dev/nfs nfsroot=10.0.0.9:,vers=4",
			want: Config{Root: "/dev/nfs", NFS: &nfsroot.Spec{Server: "10.0.0.9", Options: []string{"vers=4"}, Version: 4},
				NFSFromDHCP: true, ReadOnly: true},
		},
		{
			name: "root= overrides nfsroot= and its options come last",
			in:   "nfsroot=10.0.0.1:/other,tcp,vers=3 root=nfs4:/srv:port=2049",
			want: Config{Root: "nfs4:/srv:port=2049",
				NFS:      &nfsroot.Spec{Server: "10.0.0.1", Path: "/srv", Options: []string{"tcp", "vers=3", "port=2049"}, Version: 3},
				ReadOnly: true},
		},
		{
			name: "nfs4 server without path",
			in:   "root=nfs4:10.0.0.1:",
			want: Config{Root: "nfs4:10.0.0.1:", NFS: &nfsroot.Spec{Server: "10.0.0.1", Version: 4}, NFSFromDHCP: true, ReadOnly: true},
		},
		{
			name: "last ip= wins, nfsaddrs= is its old name",
			in:   "ip=dhcp nfsaddrs=10.0.0.5::10.0.0.1:255.255.255.0",
			want: Config{ReadOnly: true, IP: &ipconfig.Config{Client: netip.MustParseAddr("10.0.0.5"),
				Gateway: netip.MustParseAddr("10.0.0.1"), Netmask: netip.MustParseAddr("255.255.255.0"), Mode: ipconfig.Off}},
		},
		{name: "last of ro and rw wins", in: "rw ro", want: Config{ReadOnly: true}},
		{name: "rw", in: "ro rw", want: Config{ReadOnly: false}},
		{name: "panic forever", in: "panic=0", want: Config{ReadOnly: true, PanicSet: true}},
		{name: "panic at once", in: "panic=-1", want: Config{ReadOnly: true, Panic: -time.Second, PanicSet: true}},
		{name: "panic in hex as kstrtoint reads it", in: "panic=0x10", want: Config{ReadOnly: true, Panic: 16 * time.Second, PanicSet: true}},
		{name: "init", in: "init=/sbin/init-airroot", want: Config{ReadOnly: true, Init: "/sbin/init-airroot"}},
		{name: "empty init is the default", in: "init=/bin/sh init=", want: Config{ReadOnly: true}},
		{
			name: "init arguments stop at a second --",
			in:   `ro -- --log-level="debug x" foo -- bar`,
			want: Config{ReadOnly: true, InitArgs: []string{"--log-level=debug x", "foo"}},
		},
		{name: "parameters after -- are not ours", in: "-- root=/dev/nfs quiet", want: Config{ReadOnly: true, InitArgs: []string{"root=/dev/nfs", "quiet"}}},
		{
			name: "modules-load spellings, order kept, duplicates dropped",
			in:   "modules-load=a-b,c rd.modules-load=a_b,,d modules_load=e rd.modules_load=c",
			want: Config{ReadOnly: true, ModulesLoad: []string{"a_b", "c", "d", "e"}},
		},
		{
			name: "module parameters",
			in: `mod.p="a b" kvm-intel.nested=1 usbcore.autosuspend=-1 mod.flag mod.two-words=x ` +
				`systemd.unit=rescue.target udev.log_level=3 rd.luks=0 fsck.mode=skip modprobe.blacklist=x ` +
				`sysctl.vm.swappiness=10 a/b.c=1 .x=1`,
			want: Config{ReadOnly: true, Modules: modload.KernelParams{Params: map[string][]string{
				"mod":       {`p="a b"`, "flag", "two_words=x"},
				"kvm_intel": {"nested=1"},
				"usbcore":   {"autosuspend=-1"},
			}, Blacklist: []string{"x"}}},
		},
		{
			name: "airroot keys",
			in:   `airroot.debug=0 airroot.app="Café à la gare" airroot.app.done=reboot`,
			want: Config{ReadOnly: true, Airroot: map[string]string{"debug": "0", "app": "Café à la gare", "app.done": "reboot"}},
		},
		{name: "rd.debug off", in: "airroot.debug rd.debug=0", want: Config{ReadOnly: true, Airroot: map[string]string{"debug": ""}}},
		{name: "Wi-Fi handshake and EAPOL path", in: "airroot.wifi.handshake=offload airroot.wifi.handshake=host airroot.wifi.eapol=packet",
			want: Config{ReadOnly: true, WiFiHandshake: wifi.HandshakeHost, WiFiEAPOL: wifi.EAPOLPacket,
				Airroot: map[string]string{"wifi.handshake": "host", "wifi.eapol": "packet"}}},
		{name: "quiet with a value", in: "quiet=1", want: Config{ReadOnly: true, Quiet: true}},
		{name: "unknown parameters ignored", in: "rootwait splash BOOT_IMAGE=/vmlinuz cma=64M", want: Config{ReadOnly: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Parse(tt.in)
			if len(errs) != 0 {
				t.Errorf("Parse(%q) errors: %v", tt.in, errs)
			}
			if diff := cmp.Diff(tt.want, got, cmpAddr); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     Config // what survives
		wantErrs []error
		wantText string // a part of the (first) error's text
	}{
		{name: "bad ip", in: "ip=10.0.2.15::10.0.2:255.255.255.0", want: Config{ReadOnly: true},
			wantErrs: []error{ipconfig.ErrInvalid}, wantText: `ip=: bad gateway address "10.0.2"`},
		{name: "dracut's one ip= per interface: only the last is used", in: "ip=eth0:dhcp ip=wlan0:dhcp",
			want:     Config{ReadOnly: true, IP: &ipconfig.Config{Device: "wlan0", Mode: ipconfig.DHCP}},
			wantErrs: []error{ErrIgnored}, wantText: "ip=eth0:dhcp: ignored: a later ip= names another interface, wlan0 (airroot configures one interface: the last ip='s)"},
		{name: "bad ip keeps the earlier one", in: "ip=dhcp ip=garbage", want: Config{ReadOnly: true, IP: &ipconfig.Config{Mode: ipconfig.DHCP}},
			wantErrs: []error{ipconfig.ErrInvalid}},
		{name: "bad root", in: "root=nfs:srv", want: Config{ReadOnly: true},
			wantErrs: []error{nfsroot.ErrNotAbsolute}, wantText: `root=: root directory "srv" is not an absolute path`},
		{name: "bad nfsroot", in: "root=/dev/nfs nfsroot=foo", want: Config{Root: "/dev/nfs", NFSFromDHCP: true, ReadOnly: true},
			wantErrs: []error{nfsroot.ErrNotAbsolute}, wantText: "nfsroot=: "},
		{name: "nfsroot ignored for a disk root", in: "root=/dev/mmcblk0p2 nfsroot=10.0.0.1:/srv",
			want: Config{Root: "/dev/mmcblk0p2", ReadOnly: true}, wantErrs: []error{ErrIgnored}, wantText: "nfsroot=: ignored: root=/dev/mmcblk0p2"},
		{name: "bad panic", in: "panic=5 panic=soon", want: Config{ReadOnly: true, Panic: 5 * time.Second, PanicSet: true},
			wantErrs: []error{ErrBadValue}, wantText: `panic=: bad value "soon"`},
		{name: "panic out of range", in: "panic=99999999999", want: Config{ReadOnly: true}, wantErrs: []error{ErrBadValue}},
		{name: "panic without value", in: "panic", want: Config{ReadOnly: true}, wantErrs: []error{ErrNoValue}, wantText: "panic: no value"},
		{name: "relative init", in: "init=sbin/init", want: Config{ReadOnly: true}, wantErrs: []error{ErrBadValue},
			wantText: `init=: bad value "sbin/init": not an absolute path`},
		{name: "ro with a value", in: "rw ro=1", want: Config{ReadOnly: false}, wantErrs: []error{ErrBadValue}, wantText: "ro: takes no value"},
		{name: "bad module names", in: "modules-load=a/b,c,d.ko", want: Config{ReadOnly: true, ModulesLoad: []string{"c"}},
			wantErrs: []error{ErrBadValue, ErrBadValue}, wantText: `modules-load=: bad module name "a/b"`},
		{name: "modules-load without value", in: "rd.modules-load", want: Config{ReadOnly: true}, wantErrs: []error{ErrNoValue}},
		{name: "module without parameter name", in: "usbcore.=1", want: Config{ReadOnly: true}, wantErrs: []error{ErrBadValue},
			wantText: `usbcore.=1: no parameter name after "usbcore."`},
		{name: "airroot without key", in: "airroot.=x", want: Config{ReadOnly: true}, wantErrs: []error{ErrBadValue}},
		{name: "bad airroot.debug", in: "airroot.debug=maybe", want: Config{ReadOnly: true}, wantErrs: []error{ErrBadValue}},
		{name: "bad rd.debug", in: "rd.debug=maybe", want: Config{ReadOnly: true}, wantErrs: []error{ErrBadValue}},
		{name: "bad airroot.wifi.handshake keeps the earlier one", in: "airroot.wifi.handshake=host airroot.wifi.handshake=firmware",
			want:     Config{ReadOnly: true, WiFiHandshake: wifi.HandshakeHost, Airroot: map[string]string{"wifi.handshake": "host"}},
			wantErrs: []error{ErrBadValue}, wantText: `airroot.wifi.handshake=: bad value "firmware": want auto, host or offload`},
		{name: "bad airroot.wifi.eapol", in: "airroot.wifi.eapol", want: Config{ReadOnly: true},
			wantErrs: []error{ErrBadValue}, wantText: `airroot.wifi.eapol=: bad value "": want auto, nl80211 or packet`},
		{name: "root without value", in: "root", want: Config{ReadOnly: true}, wantErrs: []error{ErrNoValue}, wantText: "root: no value (want root=<device>)"},
		{name: "ip without value", in: "ip", want: Config{ReadOnly: true}, wantErrs: []error{ErrNoValue}},
		{name: "nfsroot without value", in: "nfsroot", want: Config{ReadOnly: true}, wantErrs: []error{ErrNoValue}},
		{name: "init without value", in: "init", want: Config{ReadOnly: true}, wantErrs: []error{ErrNoValue}},
		{name: "several at once", in: "ip=x panic=y init=z quiet", want: Config{ReadOnly: true, Quiet: true},
			wantErrs: []error{ipconfig.ErrInvalid, ErrBadValue, ErrBadValue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Parse(tt.in)
			if len(errs) != len(tt.wantErrs) {
				t.Fatalf("Parse(%q) errors = %v, want %d errors", tt.in, errs, len(tt.wantErrs))
			}
			for i, err := range errs {
				if !errors.Is(err, tt.wantErrs[i]) {
					t.Errorf("Parse(%q) error %d = %v, want %v", tt.in, i, err, tt.wantErrs[i])
				}
			}
			if tt.wantText != "" && !strings.Contains(errs[0].Error(), tt.wantText) {
				t.Errorf("Parse(%q) error %q does not contain %q", tt.in, errs[0], tt.wantText)
			}
			if diff := cmp.Diff(tt.want, got, cmpAddr); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestParseModuleBlacklist: modprobe.blacklist= and module_blacklist=, as the
// kernel splits the command line.
func TestParseModuleBlacklist(t *testing.T) {
	tests := []struct {
		name, cmdline string
		want          []string
	}{
		{name: "both, repeated", cmdline: "root=/dev/nfs modprobe.blacklist=pcspkr,snd-pcsp module_blacklist=evil quiet modprobe.blacklist=x\n", want: []string{"pcspkr", "snd-pcsp", "evil", "x"}},
		{name: "dashes in the kernel's name", cmdline: "module-blacklist=a", want: []string{"a"}},
		{name: "quoted", cmdline: `"modprobe.blacklist=a,b"`, want: []string{"a", "b"}},
		{name: "no value", cmdline: "modprobe.blacklist module_blacklist=", want: []string{""}},
		{name: "after --, for init", cmdline: "ro -- modprobe.blacklist=a", want: nil},
		{name: "others", cmdline: "brcmfmac.blacklist=1 blacklist=a", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Parse(tt.cmdline)
			if diff := cmp.Diff(tt.want, got.Modules.Blacklist); diff != "" {
				t.Errorf("Parse(%q).Modules.Blacklist (-want +got):\n%s", tt.cmdline, diff)
			}
		})
	}
}
