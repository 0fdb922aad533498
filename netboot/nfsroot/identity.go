package nfsroot

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// ErrUnknownIdentity is a % sequence in a path that Expand does not know.
var ErrUnknownIdentity = errors.New("unknown % sequence")

// ErrNoIdentity is a % sequence whose value this board does not have (no
// hostname, no serial number).
var ErrNoIdentity = errors.New("no value for % sequence")

// Identity is what tells one board from another, for the % sequences of a path
// (see Expand).
type Identity struct {
	Addr     netip.Addr       // %s without a Hostname: the client's address
	MAC      net.HardwareAddr // %m: the MAC of the interface the root comes over
	Hostname string           // %h, and %s: the kernel's host name (ip= or DHCP option 12)
	Serial   string           // %n: the board's serial number (a Pi's, from the device tree)
}

// identitySequences says what each % sequence stands for, in the words of the
// errors.
var identitySequences = map[byte]string{
	's': "the host name or the client's address",
	'm': "the MAC address",
	'h': "the host name (ip=<hostname> or DHCP option 12)",
	'n': "the serial number (a Pi's /sys/firmware/devicetree/base/serial-number)",
}

// Expand replaces the % sequences of path with id:
//
//	%s  the host name, else the client's IP address (192.168.1.20), as the
//	    kernel's nfsroot= does: it fills %s with its node name, which its
//	    ipconfig sets to ip='s <hostname> or DHCP option 12, else to the
//	    address (nfsroot.rst names only the address)
//	%m  the MAC address, lowercase hex bytes joined by '-' (b8-27-eb-12-34-56),
//	    as pxelinux names its per-client files, without its "01-" type prefix:
//	    a colon would read as the server's separator
//	%h  the host name
//	%n  the serial number, lowercase, leading zeros kept (10000000a1b2c3d4 on
//	    a Pi 1, whose /proc/cpuinfo Serial it is; PiServer names boards by it)
//	%%  a lone '%'
//
// Any other sequence, or a '%' at the end, fails with ErrUnknownIdentity; a
// sequence id has no value for (no host name, no serial number: QEMU's virt
// board has none) fails with ErrNoIdentity, naming what is missing; %s
// without an address fails with ErrNoClient.
func Expand(path string, id Identity) (string, error) {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(path) {
			return "", because(ErrUnknownIdentity, "%q ends in a lone %%: write %%%% for a %% (known: %%s %%m %%h %%n)", path)
		}
		i++
		v, err := id.value(path, path[i])
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// checkSequences checks that path's % sequences are ones Expand knows, so that a
// misspelt one is named when the command line is read, not after the network is up.
func checkSequences(path string) error {
	_, err := Expand(path, everyIdentity)
	return err
}

// everyIdentity has a value for every % sequence: Expand fails on it only for
// sequences it does not know.
var everyIdentity = Identity{MAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, Hostname: "h", Serial: "n"}

// value is what %c stands for in path.
func (id Identity) value(path string, c byte) (string, error) {
	var v string
	switch c {
	case '%':
		return "%", nil
	case 's':
		if isPathPart(id.Hostname) {
			return id.Hostname, nil
		}
		if !id.Addr.IsValid() {
			return "", because(ErrNoClient, "%q needs %s for %%s, and there is none", path, identitySequences[c])
		}
		v = id.Addr.WithZone("").String()
	case 'm':
		v = strings.ReplaceAll(strings.ToLower(id.MAC.String()), ":", "-")
	case 'h':
		v = id.Hostname
	case 'n':
		v = strings.ToLower(id.Serial)
	default:
		return "", because(ErrUnknownIdentity, "%q: %%%c is not known (known: %%s %%m %%h %%n, and %%%% for a %%)", path, c)
	}
	if !isPathPart(v) {
		return "", because(ErrNoIdentity, "%q needs %s for %%%c, and this board has none", path, identitySequences[c], c)
	}
	return v, nil
}

// isPathPart reports whether v can stand for a % sequence: one path
// element, not empty.
func isPathPart(v string) bool { return v != "" && !strings.ContainsAny(v, "/\x00") }

// String shows id as the boot log does.
func (id Identity) String() string {
	return fmt.Sprintf("address %s, MAC %s, host name %q, serial %q", id.Addr, id.MAC, id.Hostname, id.Serial)
}
