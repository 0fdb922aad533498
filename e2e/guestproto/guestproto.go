// Package guestproto defines what the e2e harness and its guest programs tell each other:
// the expectations file the harness writes, the one result line the guest prints, and
// the configuration of the Wi-Fi scenarios' access-point fixture.
package guestproto

import (
	"errors"
	"strings"
)

// ExpectPath is where the harness puts the guest's expectations, both in the NFS root
// and in the extra initramfs archive (for the rescue-shell mode).
const ExpectPath = "/e2e/expect.json"

// ResultPrefix starts the guest's result line on the console; JSON follows it.
const ResultPrefix = "AIRROOT-E2E-RESULT "

// Mode says where the guest ran.
type Mode string

const (
	// ModeNewRoot is the guest as the new root's /sbin/init, PID 1 after switch_root.
	ModeNewRoot Mode = "new-root"
	// ModeRescue is the guest run as /bin/sh by airroot's rescue shell, still in the initramfs.
	ModeRescue Mode = "rescue-shell"
	// ModeApp is the guest run as the card's box by airroot's appliance mode, in the
	// initramfs beside the network.
	ModeApp Mode = "app"
)

// Expect is what the guest checks against, written by the harness as JSON.
type Expect struct {
	Scenario string `json:"scenario"`
	// Server and Port name the NFS server as the guest reaches it (10.0.2.2 through
	// slirp); Server is "" when the board has no network.
	Server string `json:"server"`
	Port   int    `json:"port"`
	// MarkerPath and MarkerSize describe the random file the harness put in the initramfs.
	MarkerPath string `json:"marker_path"`
	MarkerSize int64  `json:"marker_size"`
	// ProbePath is a file in the NFS root the guest reads last; ProbeSHA256 is its hex digest.
	ProbePath   string `json:"probe_path"`
	ProbeSHA256 string `json:"probe_sha256"`
	// RetainedBytes counts initramfs files known to stay in RAM after the switch:
	// programs started from the initramfs that keep running (the test access point's
	// hostapd and the libraries it loaded). The initramfs-freed check subtracts it.
	RetainedBytes int64 `json:"retained_bytes,omitempty"`
	// HostapdCtrl is the test access point's control socket; "" when there is none.
	HostapdCtrl string `json:"hostapd_ctrl,omitempty"`
	// Soak, when set, asks the guest to exercise the keeper before it reports.
	Soak *Soak `json:"soak,omitempty"`
	// Shell, when set, is a static busybox in the new root: after its checks the
	// guest runs `busybox sh` on the console (see ShellStartLine).
	Shell string `json:"shell,omitempty"`
	// DeviceRule, when set, is an mdev.conf rule airroot applied at boot, whose effect
	// the guest checks.
	DeviceRule *DeviceRule `json:"device_rule,omitempty"`
	// Hostname, when set, is the kernel's hostname (uname -n) the new root must see:
	// the one NamedBy gave.
	Hostname string `json:"hostname,omitempty"`
	// Address, when set, is the IPv4 address the board must hold: the one NamedBy
	// gave.
	Address string `json:"address,omitempty"`
	// NamedBy says what gave Hostname and Address, for the checks' messages: the
	// DHCP server's pin for the board's MAC, or ip='s static configuration.
	NamedBy string `json:"named_by,omitempty"`
	// Fleet, when set, says the guest is one of several boards booted at once from
	// this root under airroot.overlay=tmpfs, each with its own persistent directory.
	Fleet *Fleet `json:"fleet,omitempty"`
	// Stick, when set, is a USB stick the harness plugs in once the app says
	// StickPlugLine and pulls out once it says StickPullLine; the app checks that
	// airroot mounted it under /media/Label and then unmounted it.
	Stick *Stick `json:"stick,omitempty"`
}

// Fleet is what each board of a fleet checks: that its root is an overlay, that a
// file it writes in Dir, named by its MAC, is the only one there (the others' went
// to their own RAM), and that its persistent directory at Persist is an NFS mount
// it can write its MAC to, as the file FleetPersistFile.
type Fleet struct {
	Dir       string `json:"dir"`
	Persist   string `json:"persist"`
	Interface string `json:"interface"` // whose MAC names the board
}

// FleetPersistFile is the file each board writes in its persistent directory.
const FleetPersistFile = "board"

// FleetName is a MAC as airroot's %m writes it: lowercase, bytes joined by '-'.
func FleetName(mac string) string { return strings.ReplaceAll(strings.ToLower(mac), ":", "-") }

// Stick is a FAT file system labelled Label whose root holds File, of SHA-256 SHA256.
type Stick struct {
	Label  string `json:"label"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// The app's console lines that ask the harness to plug the stick in, and to pull it
// out.
const (
	StickPlugLine = "guest: waiting for the USB stick"
	StickPullLine = "guest: USB stick read: pull it out"
)

// DeviceRule is one mdev.conf line and its effect on a device node as the new root
// sees it: the node moved to Node, owned by UID:GID with permissions Mode, and a
// symbolic link at Link, its old name, that leads to it (the rule's ">path").
type DeviceRule struct {
	Conf string `json:"conf"`
	Node string `json:"node"`
	Link string `json:"link"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
	Mode uint32 `json:"mode"`
	// CommandFile, when set, is a file the rule's command (@...) wrote at boot, and
	// CommandWrote what it must hold: the command ran, through /bin/sh, with mdev's
	// environment.
	CommandFile  string `json:"command_file,omitempty"`
	CommandWrote string `json:"command_wrote,omitempty"`
}

// Check is one thing the guest verified.
type Check struct {
	Name   string `json:"name"`
	Pass   bool   `json:"pass"`
	Detail string `json:"detail"`
}

// Result is the guest's verdict, printed as one console line.
type Result struct {
	Scenario string  `json:"scenario"`
	Mode     Mode    `json:"mode"`
	Pass     bool    `json:"pass"`
	Checks   []Check `json:"checks"`
	// UptimeSeconds is /proc/uptime when the guest started: kernel start to the guest.
	UptimeSeconds float64 `json:"uptime_seconds"`
	// Keeper is what a soak measured of airroot's keeper; nil without a soak.
	Keeper *Keeper `json:"keeper,omitempty"`
}

// ErrNoResult reports a line without the result prefix.
var ErrNoResult = errors.New("no " + strings.TrimSpace(ResultPrefix) + " in line")

// FormatResult renders r as the console line (without a newline).
func FormatResult(r Result) (string, error) { return FormatLine(ResultPrefix, r) }

// ParseResultLine finds the result prefix anywhere in a console line and decodes the JSON
// object after it; text after the object (interleaved kernel output) is ignored.
// It returns ErrNoResult when the line has no prefix.
func ParseResultLine(line string) (Result, error) {
	var r Result
	found, err := ParseLine(ResultPrefix, line, &r)
	if !found {
		return Result{}, ErrNoResult
	}
	if err != nil {
		return Result{}, err
	}
	return r, nil
}

// FailedChecks lists the names and details of the checks that did not pass.
func (r Result) FailedChecks() []string {
	var failed []string
	for _, c := range r.Checks {
		if !c.Pass {
			failed = append(failed, c.Name+": "+c.Detail)
		}
	}
	return failed
}
