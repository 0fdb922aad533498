package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"strconv"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/procfs"
	"github.com/airroot/airroot/init/layout"
)

// newRootChecks verifies what airroot promises once the new root's init runs.
func newRootChecks(sys system, exp guestproto.Expect) []guestproto.Check {
	checks := []guestproto.Check{
		checkPID1(sys),
		checkRoot(sys, exp),
		checkKernelFilesystems(sys),
		checkInitramfsFreed(sys, exp),
		checkServerReachable(sys, exp),
		checkNFSRead(sys, exp),
		checkKernelLog(sys),
		checkKeeperAlive(sys),
	}
	if exp.HostapdCtrl != "" {
		checks = append(checks, checkAccessPoint(sys, exp))
	}
	if exp.Hostname != "" {
		checks = append(checks, checkHostname(sys, exp))
	}
	if exp.Address != "" {
		checks = append(checks, checkAddress(sys, exp))
	}
	if exp.Fleet != nil {
		checks = append(checks, fleetChecks(sys, *exp.Fleet)...)
	}
	if exp.DeviceRule != nil {
		checks = append(checks, checkDeviceRule(sys, *exp.DeviceRule))
		if exp.DeviceRule.CommandFile != "" {
			checks = append(checks, checkDeviceCommand(sys, *exp.DeviceRule))
		}
	}
	return checks
}

// rescueChecks verifies that airroot left the initramfs alone before its rescue shell.
func rescueChecks(sys system, exp guestproto.Expect) []guestproto.Check {
	return []guestproto.Check{
		checkExecutable(sys, "init"),
		checkMarkerIntact(sys, exp),
		checkDir(sys, layout.Modules.InArchive()),
		checkInitramfsHeld(sys, exp),
	}
}

// newCheck is a passing check with detail, or a failing one with err's text.
func newCheck(name string, err error, detail string) guestproto.Check {
	if err != nil {
		return guestproto.Check{Name: name, Detail: err.Error()}
	}
	return guestproto.Check{Name: name, Pass: true, Detail: detail}
}

func checkPID1(sys system) guestproto.Check {
	pid := sys.pid()
	var err error
	if pid != 1 {
		err = fmt.Errorf("running as PID %d, want 1", pid)
	}
	return newCheck("pid1", err, "running as PID 1")
}

func checkRootIsNFS(sys system) guestproto.Check {
	root, err := mountAt(sys, "/", "nfs")
	if err != nil {
		return newCheck("root-is-nfs", err, "")
	}
	retry, err := nfsRetry(root.SuperOptions)
	return newCheck("root-is-nfs", err, "/ is "+root.FSType+" from "+root.Source+" ("+retry+")")
}

// checkMountIs verifies that the last mount at point is of a file system type
// starting with fsType (nfs takes in nfs4).
func checkMountIs(sys system, name, point, fsType string) guestproto.Check {
	m, err := mountAt(sys, point, fsType)
	if err != nil {
		return newCheck(name, err, "")
	}
	return newCheck(name, nil, point+" is "+m.FSType+" from "+m.Source)
}

// mountAt is the last mount at point, which must be of a file system type starting
// with fsType.
func mountAt(sys system, point, fsType string) (mount, error) {
	mounts, err := readMounts(sys)
	if err != nil {
		return mount{}, err
	}
	m, ok := lastMountAt(mounts, point)
	if !ok {
		return mount{}, fmt.Errorf("no mount at %s in mountinfo", point)
	}
	if !strings.HasPrefix(m.FSType, fsType) {
		return m, fmt.Errorf("%s is %s from %s, want %s", point, m.FSType, m.Source, fsType)
	}
	return m, nil
}

// nfsRetry says how an NFS mount with options retries: hard (the kernel's default,
// which airroot keeps) or soft, with its timeo= and retrans=. A soft root is an
// error: a server gone for timeo×retrans makes the root's I/O fail with EIO, where
// a hard mount waits for it (nfs(5), "soft / hard").
func nfsRetry(options string) (string, error) {
	mode := "hard"
	var parts []string
	for _, o := range strings.Split(options, ",") {
		switch {
		case o == "soft" || o == "softerr":
			mode = o
		case strings.HasPrefix(o, "timeo="), strings.HasPrefix(o, "retrans="):
			parts = append(parts, o)
		}
	}
	retry := strings.Join(append([]string{mode}, parts...), ", ")
	if mode != "hard" {
		return retry, fmt.Errorf("/ is mounted %s: its I/O fails once the server is gone for timeo×retrans, want hard", mode)
	}
	return retry, nil
}

func checkKernelFilesystems(sys system) guestproto.Check {
	mounts, err := readMounts(sys)
	if err != nil {
		return newCheck("kernel-filesystems", err, "")
	}
	want := map[string]string{"/proc": "proc", "/sys": "sysfs", "/dev": "devtmpfs"}
	var problems, seen []string
	for _, point := range []string{"/proc", "/sys", "/dev"} {
		m, ok := lastMountAt(mounts, point)
		switch {
		case !ok:
			problems = append(problems, point+" not mounted")
		case m.FSType != want[point]:
			problems = append(problems, fmt.Sprintf("%s is %s, want %s", point, m.FSType, want[point]))
		default:
			seen = append(seen, point+"="+m.FSType)
		}
	}
	if len(problems) > 0 {
		err = fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return newCheck("kernel-filesystems", err, strings.Join(seen, " "))
}

// checkInitramfsFreed passes when RAM-backed file pages (ramfs counts as Unevictable,
// tmpfs as Shmem), less what is known to stay (files of programs still running from
// the initramfs: the access point's, and the keeper's binary, airroot's /init run
// again from /proc/self/exe), total less than the marker: the initramfs's files were
// deleted.
func checkInitramfsFreed(sys system, exp guestproto.Expect) guestproto.Check {
	held, err := ramFilePages(sys)
	retained := exp.RetainedBytes + keeperBinarySize(sys.root)
	if err == nil && held-retained >= exp.MarkerSize {
		err = fmt.Errorf("meminfo Unevictable+Shmem = %d bytes, less %d bytes known to stay, not below the %d-byte marker: initramfs files still in RAM",
			held, retained, exp.MarkerSize)
	}
	return newCheck("initramfs-freed", err, fmt.Sprintf("Unevictable+Shmem = %d bytes, less %d bytes known to stay, < marker %d bytes",
		held, retained, exp.MarkerSize))
}

// keeperBinarySize is the size of the binary the keeper runs, which stays in RAM
// with it; 0 without a keeper.
func keeperBinarySize(root fs.FS) int64 {
	pid, err := findKeeper(root)
	if err != nil {
		return 0
	}
	info, err := fs.Stat(root, fmt.Sprintf("proc/%d/exe", pid))
	if err != nil {
		return 0
	}
	return info.Size()
}

// checkInitramfsHeld is checkInitramfsFreed's counterpart in the rescue shell: with the
// initramfs intact the figure must be above the marker, which shows the check can fail.
func checkInitramfsHeld(sys system, exp guestproto.Expect) guestproto.Check {
	held, err := ramFilePages(sys)
	if err == nil && held < exp.MarkerSize {
		err = fmt.Errorf("meminfo Unevictable+Shmem = %d bytes, below the %d-byte marker although the initramfs is intact", held, exp.MarkerSize)
	}
	return newCheck("initramfs-held", err, fmt.Sprintf("Unevictable+Shmem = %d bytes >= marker %d bytes", held, exp.MarkerSize))
}

func ramFilePages(sys system) (int64, error) {
	f, err := sys.root.Open("proc/meminfo")
	if err != nil {
		return 0, fmt.Errorf("open /proc/meminfo: %w", err)
	}
	defer f.Close()
	info, err := parseMeminfo(f)
	if err != nil {
		return 0, err
	}
	return info["Unevictable"] + info["Shmem"], nil
}

func checkServerReachable(sys system, exp guestproto.Expect) guestproto.Check {
	addr := net.JoinHostPort(exp.Server, strconv.Itoa(exp.Port))
	err := sys.dial(addr)
	if err != nil {
		err = fmt.Errorf("connect tcp %s: %w", addr, err)
	}
	return newCheck("server-reachable", err, "connected to tcp "+addr)
}

func checkNFSRead(sys system, exp guestproto.Expect) guestproto.Check {
	data, err := fs.ReadFile(sys.root, relative(exp.ProbePath))
	if err != nil {
		return newCheck("nfs-read", fmt.Errorf("read %s: %w", exp.ProbePath, err), "")
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != exp.ProbeSHA256 {
		err = fmt.Errorf("%s has sha256 %s, want %s", exp.ProbePath, got, exp.ProbeSHA256)
	}
	return newCheck("nfs-read", err, fmt.Sprintf("read %d bytes of %s, sha256 matches", len(data), exp.ProbePath))
}

func checkExecutable(sys system, name string) guestproto.Check {
	st, err := fs.Stat(sys.root, name)
	if err == nil && (!st.Mode().IsRegular() || st.Mode().Perm()&0o111 == 0) {
		err = fmt.Errorf("/%s is %v, want an executable file", name, st.Mode())
	}
	return newCheck("initramfs-init", err, fmt.Sprintf("/%s is %v, %d bytes", name, modeOf(st), sizeOf(st)))
}

func checkMarkerIntact(sys system, exp guestproto.Expect) guestproto.Check {
	st, err := fs.Stat(sys.root, relative(exp.MarkerPath))
	if err == nil && st.Size() != exp.MarkerSize {
		err = fmt.Errorf("%s has %d bytes, want %d", exp.MarkerPath, st.Size(), exp.MarkerSize)
	}
	return newCheck("marker-intact", err, fmt.Sprintf("%s has %d bytes", exp.MarkerPath, sizeOf(st)))
}

func checkDir(sys system, name string) guestproto.Check {
	st, err := fs.Stat(sys.root, name)
	if err == nil && !st.IsDir() {
		err = fmt.Errorf("/%s is %v, want a directory", name, st.Mode())
	}
	return newCheck("modules-present", err, "/"+name+" is a directory")
}

func readMounts(sys system) ([]mount, error) {
	f, err := sys.root.Open("proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("open /proc/self/mountinfo: %w", err)
	}
	defer f.Close()
	return parseMountinfo(f)
}

// lastMountAt returns the mount on top at point (the last one listed).
func lastMountAt(mounts []mount, point string) (mount, bool) {
	for i := len(mounts) - 1; i >= 0; i-- {
		if mounts[i].Point == point {
			return mounts[i], true
		}
	}
	return mount{}, false
}

func readExpect(root fs.FS) (guestproto.Expect, error) {
	var exp guestproto.Expect
	data, err := fs.ReadFile(root, relative(guestproto.ExpectPath))
	if err != nil {
		return exp, fmt.Errorf("read expectations: %w", err)
	}
	if err := json.Unmarshal(data, &exp); err != nil {
		return exp, fmt.Errorf("parse expectations %s: %w", guestproto.ExpectPath, err)
	}
	return exp, nil
}

func readUptime(root fs.FS) (float64, error) {
	data, err := fs.ReadFile(root, "proc/uptime")
	if err != nil {
		return 0, fmt.Errorf("read /proc/uptime: %w", err)
	}
	return procfs.ParseUptime(string(bytes.TrimSpace(data)))
}

// relative turns an absolute guest path into an fs.FS name.
func relative(p string) string { return strings.TrimPrefix(p, "/") }

func modeOf(st fs.FileInfo) fs.FileMode {
	if st == nil {
		return 0
	}
	return st.Mode()
}

func sizeOf(st fs.FileInfo) int64 {
	if st == nil {
		return 0
	}
	return st.Size()
}

// checkKernelLog verifies that airroot copied its steps to the kernel log,
// where dmesg and the journal find them after the switch.
func checkKernelLog(sys system) guestproto.Check {
	if sys.kmsg == nil {
		return newCheck("kernel-log", fmt.Errorf("no kernel log reader"), "")
	}
	records, err := sys.kmsg()
	if err != nil {
		return newCheck("kernel-log", err, "")
	}
	var found []string
	for _, want := range []string{"airroot: nfs: ok", "airroot: timeline "} {
		for _, r := range records {
			if strings.Contains(r, want) {
				found = append(found, want)
				break
			}
		}
	}
	if len(found) < 2 {
		return newCheck("kernel-log", fmt.Errorf("kernel log (%d records) lacks airroot's lines: found only %q", len(records), found), "")
	}
	return newCheck("kernel-log", nil, fmt.Sprintf("%d records, airroot's step and timeline lines among them", len(records)))
}
