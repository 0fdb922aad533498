package mdev

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Event is one uevent: what happened to which kernel object.
type Event struct {
	Action    string // add, remove, change, move, bind, unbind, online, offline
	DevPath   string // the object under /sys: /devices/platform/soc/3f300000.mmc/...
	Subsystem string // block, net, usb, firmware...
	DevName   string // the node under /dev, when there is one: sda1, snd/controlC0
	Major     uint32 // device number, when HasDevNum
	Minor     uint32
	Modalias  string // what the device is, matched against modules.alias
	Firmware  string // for SUBSYSTEM=firmware: the file the driver asks for
	Seqnum    uint64 // the kernel's event counter; 0 for events read from sysfs
	// Env holds every KEY=VALUE of the event, the fields above included.
	Env map[string]string
}

// ErrLibudev is returned by ParseMessage for a message from udevd to its
// listeners (it starts with "libudev\x00"); mdev handles the kernel's own.
var ErrLibudev = errors.New("libudev message, not a kernel uevent")

var libudevMagic = []byte("libudev\x00")

// ParseMessage parses a message from the NETLINK_KOBJECT_UEVENT socket:
// "ACTION@DEVPATH\x00KEY=VALUE\x00...". ACTION and DEVPATH come from the
// header when the fields lack them, and must agree with it otherwise.
func ParseMessage(b []byte) (Event, error) {
	if bytes.HasPrefix(b, libudevMagic) {
		return Event{}, ErrLibudev
	}
	header, rest, _ := bytes.Cut(b, []byte{0})
	action, devpath, ok := strings.Cut(string(header), "@")
	if !ok || action == "" || !strings.HasPrefix(devpath, "/") {
		return Event{}, fmt.Errorf("parse uevent: header %q is not ACTION@/DEVPATH", header)
	}
	env, err := parseFields(rest)
	if err != nil {
		return Event{}, fmt.Errorf("parse uevent %s: %w", header, err)
	}
	if err := agree(env, "ACTION", action); err != nil {
		return Event{}, fmt.Errorf("parse uevent %s: %w", header, err)
	}
	if err := agree(env, "DEVPATH", devpath); err != nil {
		return Event{}, fmt.Errorf("parse uevent %s: %w", header, err)
	}
	return EventFromEnv(env)
}

// parseFields splits NUL-separated KEY=VALUE fields; empty fields are skipped.
func parseFields(b []byte) (map[string]string, error) {
	env := make(map[string]string)
	for _, field := range bytes.Split(b, []byte{0}) {
		if len(field) == 0 {
			continue
		}
		key, value, ok := strings.Cut(string(field), "=")
		if !ok || key == "" {
			return nil, fmt.Errorf("field %q is not KEY=VALUE", field)
		}
		env[key] = value
	}
	return env, nil
}

// agree sets env[key] to want, or checks that it already says so.
func agree(env map[string]string, key, want string) error {
	got, ok := env[key]
	if ok && got != want {
		return fmt.Errorf("%s=%s disagrees with the header's %q", key, got, want)
	}
	env[key] = want
	return nil
}

// EventFromEnv makes an Event from its variables, as the kernel passes them
// to a hotplug helper. ACTION and DEVPATH (starting with '/') are required;
// MAJOR and MINOR come together; numbers must be decimal.
func EventFromEnv(env map[string]string) (Event, error) {
	ev := Event{
		Action:    env["ACTION"],
		DevPath:   env["DEVPATH"],
		Subsystem: env["SUBSYSTEM"],
		DevName:   env["DEVNAME"],
		Modalias:  env["MODALIAS"],
		Firmware:  env["FIRMWARE"],
		Env:       env,
	}
	if ev.Action == "" || !strings.HasPrefix(ev.DevPath, "/") {
		return Event{}, fmt.Errorf("parse uevent: want ACTION and DEVPATH=/..., got ACTION=%q DEVPATH=%q", ev.Action, ev.DevPath)
	}
	if err := ev.parseNumbers(); err != nil {
		return Event{}, fmt.Errorf("parse uevent %s@%s: %w", ev.Action, ev.DevPath, err)
	}
	return ev, nil
}

func (ev *Event) parseNumbers() error {
	_, hasMajor := ev.Env["MAJOR"]
	_, hasMinor := ev.Env["MINOR"]
	if hasMajor != hasMinor {
		return errors.New("MAJOR and MINOR must come together")
	}
	var err error
	if hasMajor {
		if ev.Major, err = parseUint32(ev.Env, "MAJOR"); err != nil {
			return err
		}
		if ev.Minor, err = parseUint32(ev.Env, "MINOR"); err != nil {
			return err
		}
	}
	if s, ok := ev.Env["SEQNUM"]; ok {
		if ev.Seqnum, err = strconv.ParseUint(s, 10, 64); err != nil {
			return fmt.Errorf("SEQNUM=%s is not a number", s)
		}
	}
	return nil
}

func parseUint32(env map[string]string, key string) (uint32, error) {
	n, err := strconv.ParseUint(env[key], 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%s=%s is not a device number", key, env[key])
	}
	return uint32(n), nil
}

// HasDevNum reports whether the event carries a device number, that is
// whether the device has a node in /dev.
func (ev Event) HasDevNum() bool {
	_, ok := ev.Env["MAJOR"]
	return ok
}

// Name is what mdev.conf rules match: DEVNAME when the device has a node,
// else the last element of DEVPATH (eth0, 1-1:1.0).
func (ev Event) Name() string {
	if ev.DevName != "" {
		return ev.DevName
	}
	return path.Base(ev.DevPath)
}

// String is the event's header, "add@/devices/...".
func (ev Event) String() string { return ev.Action + "@" + ev.DevPath }

// Message encodes ev as the kernel sends it, the variables in name order;
// ParseMessage reads it back.
func (ev Event) Message() []byte {
	var b bytes.Buffer
	b.WriteString(ev.String())
	b.WriteByte(0)
	keys := make([]string, 0, len(ev.Env))
	for k := range ev.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s\x00", k, ev.Env[k])
	}
	return b.Bytes()
}

// EnvList returns the variables as KEY=VALUE strings in name order, as a
// command's environment.
func (ev Event) EnvList() []string {
	list := make([]string, 0, len(ev.Env))
	for k, v := range ev.Env {
		list = append(list, k+"="+v)
	}
	sort.Strings(list)
	return list
}
