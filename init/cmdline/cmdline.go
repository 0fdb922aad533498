// Package cmdline parses the kernel command line (/proc/cmdline) into airroot's boot
// configuration: the root file system, the network (ip=), init, modules and airroot.* settings.
package cmdline

import (
	"strconv"
	"strings"
	"time"

	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/netboot/ipconfig"
	"github.com/airroot/airroot/netboot/nfsroot"
	"github.com/airroot/airroot/netboot/wifi"
)

// Config is what the kernel command line asks of airroot.
type Config struct {
	// Root is the raw value of the last valid root= ("" when none).
	Root string
	// NFS describes the NFS root from root=nfs:/nfs4:/nfs:// and nfsroot=; nil when the
	// command line names no server, path, options or version (root=/dev/nfs alone). When
	// both are given, nfsroot= is the base and root= overrides it (nfsroot.Spec.Merge):
	// root='s server and path win, nfsroot='s options come first so root='s win. The kernel
	// honours nfsroot= unless root= names something that is not NFS; then nfsroot= is
	// ignored and reported.
	NFS *nfsroot.Spec
	// NFSFromDHCP is set when an NFS root is wanted (root=/dev/nfs, root=dhcp, root=nfs:...,
	// or nfsroot=) but the command line gives no root directory: take DHCP's root-path
	// (nfsroot.ParseRootPath), then Merge NFS over it, then Resolve, as the kernel does.
	NFSFromDHCP bool
	// IP is the last valid ip= (or its old name nfsaddrs=); nil when absent.
	IP *ipconfig.Config
	// Init is init=, an absolute path; "" means the default.
	Init string
	// InitArgs are the parameters after "--", for init, quotes removed. Like the kernel,
	// a second "--" ends them.
	InitArgs []string
	// ReadOnly is the root's mount mode: read-only unless rw is given, as in the kernel
	// (the last of ro and rw wins).
	ReadOnly bool
	// Panic is panic=N: how long to wait before rebooting after a fatal error; 0 waits
	// forever, a negative value reboots at once. PanicSet tells whether panic= was given.
	Panic    time.Duration
	PanicSet bool
	// ModulesLoad lists the modules named by modules-load=, rd.modules-load= and dracut's
	// rd.driver.pre= and rd.driver.post= (which may repeat and take comma-separated lists),
	// in order, without duplicates, '-' written '_'.
	ModulesLoad []string
	// Modules is what the command line asks of the module loader, which parses it:
	// module.param=value parameters ("brcmfmac.roamoff=1" gives
	// Modules.Params["brcmfmac"] = ["roamoff=1"]) and the modules of
	// modprobe.blacklist=, module_blacklist= and dracut's rd.driver.blacklist=.
	Modules modload.KernelParams
	// WiFiHandshake is airroot.wifi.handshake=auto|host|offload: who runs the
	// 4-way handshake (auto: the driver when it offers to).
	WiFiHandshake wifi.HandshakeMode
	// WiFiEAPOL is airroot.wifi.eapol=auto|nl80211|packet: how the host
	// supplicant's EAPOL frames travel (auto: nl80211 when the driver can).
	WiFiEAPOL wifi.EAPOLPath
	// Overlay is airroot.overlay=: the NFS root under a RAM overlay; nil: the
	// NFS root itself.
	Overlay *Overlay
	// Persist is airroot.persist=[<server>:]<dir>[,<nfs-options>]: a
	// board's own NFS directory, mounted read-write at PersistAt in the new
	// root, with the root's server and options unless it names its own, and
	// the root's % sequences (nfsroot.Expand: %m, %h, %n, %s) in <dir>.
	Persist *nfsroot.Spec
	// PersistAt is airroot.persist.at=; "" is DefaultPersistAt.
	PersistAt string
	// NFSReadahead is airroot.nfs.readahead=: the NFS root's read-ahead window;
	// nil is nfsroot.DefaultReadahead.
	NFSReadahead *nfsroot.Readahead
	// Airroot holds airroot.KEY[=VALUE] parameters; KEY alone gives "".
	Airroot map[string]string
	// Debug is airroot.debug or rd.debug (either with no value or a true value), or the
	// kernel's nfsrootdebug.
	Debug bool
	// Quiet is quiet.
	Quiet bool
}

// Parse parses a kernel command line. It never fails as a whole: each malformed parameter
// (of those it knows) is reported in the returned errors, one error naming the parameter,
// and skipped, so an earlier valid occurrence stays in force. Parameters it does not know
// are ignored, except unknown airroot.* keys and the dracut settings airroot does not act
// on, which are reported (ErrUnsupported). The last occurrence of a parameter wins, as in
// the kernel. Parsing stops at "--"; what follows goes to InitArgs.
func Parse(cmdline string) (Config, []error) {
	p := parser{cfg: Config{ReadOnly: true}}
	params := tokenize(cmdline)
	for i, prm := range params {
		if prm.isSeparator() {
			p.cfg.InitArgs = initArgs(params[i+1:])
			break
		}
		p.apply(prm)
	}
	p.resolveNFS()
	return p.cfg, p.errs
}

// initArgs returns the parameters up to the next "--", which ends them in the kernel too.
func initArgs(params []param) []string {
	var args []string
	for _, prm := range params {
		if prm.isSeparator() {
			break
		}
		args = append(args, prm.text())
	}
	return args
}

// parser accumulates a Config and the errors found on the way.
type parser struct {
	cfg       Config
	errs      []error
	rootSpec  nfsroot.Spec
	rootIsNFS bool
	nfsroot   *nfsroot.Spec
	ipText    string // the value of the ip= in IP

	modulesSeen map[string]bool // ModulesLoad as a set
}

func (p *parser) apply(prm param) {
	switch name := prm.name; {
	case name == "root":
		p.setRoot(prm)
	case name == "nfsroot":
		p.setNFSRoot(prm)
	case name == "ip" || name == "nfsaddrs":
		p.setIP(prm)
	case name == "init":
		p.setInit(prm)
	case name == "ro" || name == "rw":
		p.setReadOnly(prm)
	case name == "panic":
		p.setPanic(prm)
	case name == "quiet":
		p.cfg.Quiet = true // the kernel takes quiet with any value
	case name == "rd.debug":
		p.setDebug(prm)
	case name == "nfsrootdebug":
		// The kernel's nfsroot prints its mount's details with it. airroot
		// always names its mount's arguments; this asks for more.
		p.cfg.Debug = true
	case isModulesLoad(name):
		p.addModulesLoad(prm)
	case strings.HasPrefix(name, airrootPrefix):
		p.setAirroot(prm)
	case p.setDracut(prm): // applied or reported
	case p.reportStrayNFSOption(prm):
	default:
		p.addModuleParam(prm)
	}
}

func (p *parser) fail(err error) { p.errs = append(p.errs, err) }

// needValue reports a parameter given without "=", and whether it had one.
func (p *parser) needValue(prm param, want string) bool {
	if !prm.hasValue {
		p.fail(paramErrorf(ErrNoValue, "%s: no value (want %s=%s)", prm.name, prm.name, want))
	}
	return prm.hasValue
}

func (p *parser) setRoot(prm param) {
	if !p.needValue(prm, "<device>") {
		return
	}
	spec, isNFS, err := nfsroot.ParseRoot(prm.value)
	if err != nil {
		p.fail(err)
		return
	}
	p.cfg.Root, p.rootSpec, p.rootIsNFS = prm.value, spec, isNFS
}

func (p *parser) setNFSRoot(prm param) {
	if !p.needValue(prm, "[<server>:]<root-dir>[,<nfs-options>]") {
		return
	}
	spec, err := nfsroot.ParseNFSRoot(prm.value)
	if err != nil {
		p.fail(err)
		return
	}
	p.nfsroot = &spec
}

func (p *parser) setIP(prm param) {
	if !p.needValue(prm, "<client-ip>:<server-ip>:<gw-ip>:<netmask>:<hostname>:<device>:<autoconf>") {
		return
	}
	c, err := ipconfig.Parse(prm.value)
	if err != nil {
		p.fail(err)
		return
	}
	if prev := p.cfg.IP; prev != nil && prev.Device != "" && c.Device != "" && prev.Device != c.Device {
		// dracut configures one interface per ip=; the kernel, and airroot,
		// only the last.
		p.fail(paramErrorf(ErrIgnored, "ip=%s: ignored: a later ip= names another interface, %s (airroot configures one interface: the last ip='s)",
			p.ipText, c.Device))
	}
	p.cfg.IP, p.ipText = &c, prm.value
}

func (p *parser) setInit(prm param) {
	if !p.needValue(prm, "<absolute path>") {
		return
	}
	if prm.value != "" && !strings.HasPrefix(prm.value, "/") {
		p.fail(badValue(prm, "not an absolute path"))
		return
	}
	p.cfg.Init = prm.value
}

func (p *parser) setReadOnly(prm param) {
	if prm.hasValue {
		// The kernel passes "ro=1" on to init instead of obeying it.
		p.fail(paramErrorf(ErrBadValue, "%s: takes no value (got %q); ignored", prm.name, prm.text()))
		return
	}
	p.cfg.ReadOnly = prm.name == "ro"
}

func (p *parser) setPanic(prm param) {
	if !p.needValue(prm, "<seconds>") {
		return
	}
	n, err := parseKernelInt(prm.value)
	if err != nil {
		p.fail(badValue(prm, "want a whole number of seconds"))
		return
	}
	p.cfg.Panic, p.cfg.PanicSet = time.Duration(n)*time.Second, true
}

// parseKernelInt reads an int as the kernel's kstrtoint(s, 0) does: decimal, 0x hex or
// leading-0 octal, with an optional sign.
func parseKernelInt(s string) (int64, error) {
	if strings.Contains(s, "_") {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseInt(s, 0, 32)
}

func (p *parser) setDebug(prm param) {
	on, ok := parseBool(prm)
	if !ok {
		p.fail(badValue(prm, "want a boolean (1, 0, yes, no, true, false, on, off)"))
		return
	}
	p.cfg.Debug = on
}

// parseBool reads a flag as systemd and dracut do: no value means true.
func parseBool(prm param) (value, ok bool) {
	if !prm.hasValue {
		return true, true
	}
	switch strings.ToLower(prm.value) {
	case "1", "y", "yes", "true", "on":
		return true, true
	case "0", "n", "no", "false", "off":
		return false, true
	}
	return false, false
}

const airrootPrefix = "airroot."

func (p *parser) setAirroot(prm param) {
	key := strings.TrimPrefix(prm.name, airrootPrefix)
	if key == "" {
		p.fail(paramErrorf(ErrBadValue, "%s: no key after %q", prm.text(), airrootPrefix))
		return
	}
	if !knownAirrootKey(key) {
		// The value is not shown: a guessed airroot.psk= holds a secret.
		p.fail(paramErrorf(ErrUnsupported, "%s: unknown airroot key; ignored (known: airroot.%s, airroot.app and airroot.app.*)",
			prm.name, strings.Join(airrootKeys, ", airroot.")))
	}
	if !p.setAirrootKnob(key, prm) {
		return
	}
	if p.cfg.Airroot == nil {
		p.cfg.Airroot = map[string]string{}
	}
	p.cfg.Airroot[key] = prm.value
}

// setAirrootKnob applies the airroot.* parameters airroot reads as more than
// text; it reports whether the value is good.
func (p *parser) setAirrootKnob(key string, prm param) bool {
	var err error
	if handled, err := p.setFleetKnob(key, prm); handled {
		if err != nil {
			p.fail(badValue(prm, err.Error()))
		}
		return err == nil
	}
	switch key {
	case "debug":
		on, ok := parseBool(prm)
		if !ok {
			p.fail(badValue(prm, "want a boolean (1, 0, yes, no, true, false, on, off)"))
			return false
		}
		p.cfg.Debug = on
		return true
	case "wifi.handshake":
		var m wifi.HandshakeMode
		if m, err = wifi.ParseHandshakeMode(prm.value); err == nil {
			p.cfg.WiFiHandshake = m
		}
	case "wifi.eapol":
		var e wifi.EAPOLPath
		if e, err = wifi.ParseEAPOLPath(prm.value); err == nil {
			p.cfg.WiFiEAPOL = e
		}
	}
	if err != nil {
		p.fail(badValue(prm, err.Error()))
	}
	return err == nil
}
