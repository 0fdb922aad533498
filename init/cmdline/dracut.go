package cmdline

import "strings"

// dracutUnsupported are dracut's parameters (dracut.cmdline(7)) that ask
// for something airroot does not do, with what to write instead. Left
// unreported they would be silently ignored: a static ip= whose DNS server
// is in nameserver=, an interface named by ifname=, a breakpoint.
var dracutUnsupported = map[string]string{
	"nameserver":   "give the DNS servers in ip='s <dns0-ip>:<dns1-ip> fields",
	"rd.peerdns":   "airroot takes the DNS servers from DHCP, or from ip='s <dns0-ip>:<dns1-ip> fields",
	"rd.route":     "give the gateway in ip='s <gw-ip> field; other routes are not supported",
	"bootdev":      "name the interface in ip='s <device> field (ip=::::<hostname>:<device>:dhcp)",
	"ifname":       "name the interface in ip='s <device> field; interfaces keep the kernel's names",
	"vlan":         "VLANs are not supported",
	"bond":         "bonds are not supported",
	"bridge":       "bridges are not supported",
	"team":         "teams are not supported",
	"netroot":      "write root=nfs:<server>:<path>[:<options>] or nfsroot=",
	"rd.break":     "airroot has no breakpoints; rd.shell opens a shell when the boot cannot finish",
	"rd.emergency": "rd.shell opens a shell when the boot cannot finish; panic=N reboots",

	// The NFSv4 domain for rpc.idmapd, which the initramfs does not run.
	"rd.nfs.domain": "the initramfs runs no NFSv4 id mapper, and the root's /etc/idmapd.conf names the root's domain: have the server send numeric owners (nfs-ganesha: NFSV4 { Only_Numeric_Owners = true; }), or mount with vers=3",
}

// setDracut applies dracut's module parameters, which airroot honours
// under their other names: rd.driver.pre= and rd.driver.post= load
// modules (as modules-load=), rd.driver.blacklist= is modprobe.blacklist=.
// The parameters of dracutUnsupported are reported; handled is false for
// the rest.
func (p *parser) setDracut(prm param) (handled bool) {
	switch prm.name {
	case "rd.driver.pre", "rd.driver.post":
		p.addModulesLoad(prm)
	case "rd.driver.blacklist":
		if p.needValue(prm, "<module>[,<module>...]") {
			_, _ = p.cfg.Modules.Add("modprobe.blacklist", prm.value, true)
		}
	default:
		hint, ok := dracutUnsupported[prm.name]
		if !ok {
			return false
		}
		p.fail(paramErrorf(ErrUnsupported, "%s: not supported by airroot; ignored (%s)", prm.name, hint))
	}
	return true
}

// airrootKeys are the airroot.KEY parameters airroot reads besides
// airroot.app and airroot.app.* (init/app reads and checks those); any
// other key is reported, since a misspelt knob would otherwise do nothing.
var airrootKeys = []string{
	"automount", "bootpart", "coldplug", "debug", "nfs.readahead", "overlay", "persist", "persist.at", "shell",
	"wifi.eapol", "wifi.handshake",
}

// knownAirrootKey reports whether key is one of airrootKeys or an app key.
func knownAirrootKey(key string) bool {
	for _, k := range airrootKeys {
		if key == k {
			return true
		}
	}
	return key == "app" || strings.HasPrefix(key, "app.")
}
