package guestproto

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

const (
	// FixturePath is where the Wi-Fi scenarios' fixture lives in the initramfs; the
	// kernel runs it first (rdinit=) and it execs /init once the access point is up.
	FixturePath = "/fixture"
	// FixtureConfigPath is the fixture's configuration, written by the harness.
	FixtureConfigPath = "/e2e/fixture.json"
	// FixtureLogPrefix starts every line the fixture prints.
	FixtureLogPrefix = "fixture: "
	// HostapdProgram is hostapd's path, and so its argv[0], which is how the guest
	// finds it (and its network namespace) in /proc.
	HostapdProgram = "/usr/sbin/hostapd"
)

// FixtureConfig tells the fixture how to set up the test access point: the side of
// the air airroot does not control, in a network namespace of its own.
type FixtureConfig struct {
	// Modules are loaded first, with the modules they need, from /lib/modules/KVER.
	Modules []string `json:"modules"`
	// ModuleParams are module parameters by module name ("radios=2").
	ModuleParams map[string][]string `json:"module_params,omitempty"`
	// ModulesDep is a modules.dep covering Modules, read instead of the tree's own
	// (which lists only airroot's modules).
	ModulesDep string `json:"modules_dep"`
	// NIC is the wired interface that carries the access point's traffic to the host
	// (eth0, usb0); it moves into the access point's namespace.
	NIC string `json:"nic"`
	// APInterface is the radio hostapd runs on (wlan1); its wiphy moves with it.
	APInterface string `json:"ap_interface"`
	// Bridge joins NIC and APInterface in the access point's namespace; "" when DHCP
	// is set.
	Bridge string `json:"bridge,omitempty"`
	// DHCP, when set, makes the access point route between APInterface and NIC
	// instead of bridging them, and serve DHCP on APInterface itself.
	DHCP *FixtureDHCP `json:"dhcp,omitempty"`
	// Hostapd is the hostapd binary, HostapdConf its configuration and HostapdCtrl
	// the control socket it opens (ctrl_interface/APInterface).
	Hostapd     string `json:"hostapd"`
	HostapdConf string `json:"hostapd_conf"`
	HostapdCtrl string `json:"hostapd_ctrl"`
	// SSID and Channel are for the log line only (hostapd reads its configuration).
	SSID    string `json:"ssid"`
	Channel int    `json:"channel"`
	// RandomSeed holds random bytes from the host that the fixture credits to the
	// kernel's pool, as a boot loader's rng-seed would.
	RandomSeed string `json:"random_seed"`
	// Init is what the fixture execs when done: airroot's /init.
	Init string `json:"init"`
	// TimeoutSeconds bounds the wait for the NIC and for hostapd.
	TimeoutSeconds float64 `json:"timeout_seconds"`
	// ModprobeHelper, when set, is written to /proc/sys/kernel/modprobe first, so the
	// kernel's module requests while the access point comes up (the bridge, the CCMP
	// cipher for hostapd's group key) are answered by it (airroot's /init).
	ModprobeHelper string `json:"modprobe_helper,omitempty"`
	// NICLater leaves NIC alone until it appears (its driver loaded by airroot's mdev,
	// after the fixture is gone): a child process waits for it, then moves it into the
	// access point's namespace and bridges it. hostapd starts without it.
	NICLater bool `json:"nic_later,omitempty"`
	// Monitor, when set, is a further radio's interface (wlan2) that the fixture moves
	// into the access point's namespace and makes a monitor on Channel: the attacker's
	// radio, from which the guest injects frames and captures what the station sends.
	Monitor string `json:"monitor,omitempty"`
	// Later, when set, has a child of the fixture replace hostapd's configuration
	// after a while and make hostapd reload it: a different network on the same SSID
	// first, the real one afterwards.
	Later *FixtureLater `json:"later,omitempty"`
	// Restart, when set, has hostapd run by a child of the fixture that outlives the
	// switch to the new root and kills and restarts hostapd when asked.
	Restart *FixtureRestart `json:"restart,omitempty"`
	// SecondAP, when set, is a second access point in the first one's namespace:
	// the fixture moves its radio there too and runs a second hostapd on it.
	SecondAP *FixtureSecondAP `json:"second_ap,omitempty"`
	// HideStation, when set, is the station's radio's interface (wlan0), which
	// the fixture moves into the access point's namespace unused: airroot then
	// finds no radio, as on a board whose radio's driver is missing.
	HideStation string `json:"hide_station,omitempty"`
}

// FixtureSecondAP is a further radio's interface (wlan2) and the hostapd.conf of the
// access point on it (bridge= the first one's bridge).
type FixtureSecondAP struct {
	Interface   string `json:"interface"`
	HostapdConf string `json:"hostapd_conf"`
}

// FixtureRestart makes the access point restartable after switch_root, which deletes
// the initramfs and with it hostapd's files: the fixture's child copies Files (hostapd,
// its loader and libraries, its configuration) into a tmpfs of its own first and runs
// hostapd from there. A line "restart" written to the FIFO Control (under /dev, which
// the new root keeps) has it kill hostapd with SIGKILL, wait DownSeconds and start a
// new hostapd with the same configuration.
// HostapdConf, when set, is the new hostapd's configuration (the same network on
// another channel, say) instead of the first one's.
type FixtureRestart struct {
	Control     string   `json:"control"`
	DownSeconds float64  `json:"down_seconds"`
	Files       []string `json:"files"`
	HostapdConf string   `json:"hostapd_conf,omitempty"`
}

// RestartRequest is the line that asks the fixture's child to restart hostapd.
const RestartRequest = "restart"

// Validate reports what is missing.
func (r FixtureRestart) Validate() error {
	var errs []error
	if r.Control == "" {
		errs = append(errs, errors.New("control is empty"))
	}
	if r.DownSeconds <= 0 {
		errs = append(errs, fmt.Errorf("down_seconds %v: want a positive number", r.DownSeconds))
	}
	if len(r.Files) == 0 {
		errs = append(errs, errors.New("files is empty"))
	}
	return errors.Join(errs...)
}

// FixtureLater is the access point's configuration from AfterSeconds on: HostapdConf
// is renamed over the fixture's hostapd_conf, then hostapd gets SIGHUP (which makes it
// read its configuration file again).
type FixtureLater struct {
	AfterSeconds float64 `json:"after_seconds"`
	HostapdConf  string  `json:"hostapd_conf"`
}

// ParseFixtureConfig decodes and checks the fixture's configuration.
func ParseFixtureConfig(data []byte) (FixtureConfig, error) {
	var c FixtureConfig
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("parse fixture configuration: %w", err)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("fixture configuration: %w", err)
	}
	return c, nil
}

// Validate reports the fields that are missing or out of range.
func (c FixtureConfig) Validate() error {
	var errs []error
	for _, f := range []struct{ name, value string }{
		{"modules_dep", c.ModulesDep}, {"nic", c.NIC}, {"ap_interface", c.APInterface},
		{"hostapd", c.Hostapd}, {"hostapd_conf", c.HostapdConf},
		{"hostapd_ctrl", c.HostapdCtrl}, {"random_seed", c.RandomSeed}, {"init", c.Init},
	} {
		if f.value == "" {
			errs = append(errs, fmt.Errorf("%s is empty", f.name))
		}
	}
	if c.Bridge == "" && c.DHCP == nil {
		errs = append(errs, errors.New("bridge is empty"))
	}
	if c.DHCP != nil {
		if err := c.DHCP.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("dhcp: %w", err))
		}
	}
	if len(c.Modules) == 0 {
		errs = append(errs, errors.New("modules is empty"))
	}
	for i, m := range c.Modules {
		if m == "" {
			errs = append(errs, fmt.Errorf("modules[%d] is empty", i))
		}
	}
	if l := c.Later; l != nil && (l.AfterSeconds <= 0 || l.HostapdConf == "") {
		errs = append(errs, fmt.Errorf("later: want a positive after_seconds (got %v) and a hostapd_conf", l.AfterSeconds))
	}
	if r := c.Restart; r != nil {
		if err := r.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("restart: %w", err))
		}
		if c.Later != nil {
			errs = append(errs, errors.New("restart and later together: the later child signals the hostapd the fixture started, which a restart replaces"))
		}
	}
	if a := c.SecondAP; a != nil {
		switch {
		case a.Interface == "" || a.HostapdConf == "":
			errs = append(errs, errors.New("second_ap: want an interface and a hostapd_conf"))
		case a.Interface == c.Monitor:
			errs = append(errs, fmt.Errorf("second_ap: %s is the monitor too", a.Interface))
		case c.Restart != nil || c.DHCP != nil:
			errs = append(errs, errors.New("second_ap with restart or dhcp: the owner restarts one configuration, and a routed access point bridges no second radio"))
		}
	}
	if c.TimeoutSeconds <= 0 {
		errs = append(errs, fmt.Errorf("timeout_seconds %v: want a positive number", c.TimeoutSeconds))
	}
	return errors.Join(errs...)
}

// FixtureUpLine is how the fixture's line announcing the access point starts; the
// elapsed time follows it.
func FixtureUpLine(ssid string, channel int) string {
	return FixtureLogPrefix + "access point " + strconv.Quote(ssid) + " up on channel " + strconv.Itoa(channel)
}

// IsFixtureUpLine reports whether a console line is the fixture's announcement.
func IsFixtureUpLine(line string) bool {
	i := strings.Index(line, FixtureLogPrefix+"access point ")
	return i >= 0 && strings.Contains(line[i:], " up on channel ")
}
