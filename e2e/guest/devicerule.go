package main

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"github.com/airroot/airroot/e2e/guestproto"
)

// checkDeviceRule verifies, from the new root, what an mdev.conf rule did at boot: the
// node moved to its new name, a character or block device with the rule's owner, group
// and permissions, and its old name a symbolic link that leads to it.
func checkDeviceRule(sys system, rule guestproto.DeviceRule) guestproto.Check {
	const name = "mdev-rule"
	node, link := strings.TrimPrefix(rule.Node, "/"), strings.TrimPrefix(rule.Link, "/")
	fi, err := fs.Stat(sys.root, node)
	if err != nil {
		return newCheck(name, fmt.Errorf("rule %q: %w", rule.Conf, err), "")
	}
	var problems []string
	if fi.Mode()&fs.ModeDevice == 0 {
		problems = append(problems, fmt.Sprintf("%s is a %v, not a device node", rule.Node, fi.Mode().Type()))
	}
	if got := uint32(fi.Mode().Perm()); got != rule.Mode {
		problems = append(problems, fmt.Sprintf("%s has mode %04o, want %04o", rule.Node, got, rule.Mode))
	}
	uid, gid, ok := owner(fi)
	switch {
	case !ok:
		problems = append(problems, fmt.Sprintf("%s: owner unknown", rule.Node))
	case uid != rule.UID || gid != rule.GID:
		problems = append(problems, fmt.Sprintf("%s is owned by %d:%d, want %d:%d", rule.Node, uid, gid, rule.UID, rule.GID))
	}
	target, err := fs.ReadLink(sys.root, link)
	switch {
	case err != nil:
		problems = append(problems, fmt.Sprintf("%s is not a symbolic link: %v", rule.Link, err))
	case resolveLink(link, target) != node:
		problems = append(problems, fmt.Sprintf("%s leads to %s, want %s", rule.Link, target, rule.Node))
	}
	if len(problems) > 0 {
		return newCheck(name, fmt.Errorf("rule %q: %s", rule.Conf, strings.Join(problems, "; ")), "")
	}
	return newCheck(name, nil, fmt.Sprintf("rule %q: %s is a device %d:%d %04o, %s -> %s",
		rule.Conf, rule.Node, uid, gid, rule.Mode, rule.Link, target))
}

// resolveLink is where a symbolic link at link (a path from the root, no leading
// slash) with contents target leads, as a path from the root.
func resolveLink(link, target string) string {
	if path.IsAbs(target) {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return path.Join(path.Dir(link), target)
}

// owner returns the file's owner and group, when the file system says.
func owner(fi fs.FileInfo) (uid, gid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}

// checkDeviceCommand verifies, from the new root, that the rule's command ran at boot:
// the file it writes holds what mdev's environment told it.
func checkDeviceCommand(sys system, rule guestproto.DeviceRule) guestproto.Check {
	const name = "mdev-command"
	data, err := fs.ReadFile(sys.root, strings.TrimPrefix(rule.CommandFile, "/"))
	if err != nil {
		return newCheck(name, fmt.Errorf("rule %q: its command wrote nothing: %w", rule.Conf, err), "")
	}
	if got := strings.TrimSpace(string(data)); got != rule.CommandWrote {
		return newCheck(name, fmt.Errorf("rule %q: %s holds %q, want %q", rule.Conf, rule.CommandFile, got, rule.CommandWrote), "")
	}
	return newCheck(name, nil, fmt.Sprintf("rule %q: %s holds %q", rule.Conf, rule.CommandFile, rule.CommandWrote))
}
