package mdev

import (
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// mknod makes a device node, mode 0600 until the rule's chmod.
var mknod = func(name string, block bool, major, minor uint32) error {
	mode := uint32(unix.S_IFCHR | 0o600)
	if block {
		mode = unix.S_IFBLK | 0o600
	}
	return os.NewSyscallError("mknod "+name, unix.Mknod(name, mode, int(unix.Mkdev(major, minor))))
}

// mountTmpfs mounts a tmpfs on dir unless something is mounted there.
var mountTmpfs = func(dir, data string) error {
	var st, parent unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return os.NewSyscallError("stat", err)
	}
	if err := unix.Stat(filepath.Dir(dir), &parent); err != nil {
		return os.NewSyscallError("stat", err)
	}
	if st.Dev != parent.Dev {
		return nil
	}
	return os.NewSyscallError("mount", unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, data))
}

// startInGroup starts the program at path in dir with env, in a process
// group of its own, its standard input /dev/null and its output to out.
func startInGroup(path string, argv []string, dir string, env []string, out *os.File) (*os.Process, error) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		return nil, err
	}
	defer null.Close()
	return os.StartProcess(path, argv, &os.ProcAttr{
		Dir: dir, Env: env, Files: []*os.File{null, out, out},
		Sys: &syscall.SysProcAttr{Setpgid: true},
	})
}

// killGroup kills the process group led by pid: a command and what it
// started.
func killGroup(pid int) { _ = unix.Kill(-pid, unix.SIGKILL) }

// readSysAttr reads the sysfs attribute at name into buf, which it returns
// resliced (grown when the file does not fit). It makes the three system
// calls a sysfs read needs (open, read, close), where os.ReadFile makes
// nine, registering the file with the poller and asking its size: under
// emulation each call costs a fraction of a millisecond, and the coldplug
// reads a uevent file per device (on a Pi 1 under QEMU, os.ReadFile took
// 1.9 times as long over 210 devices). sysfs makes an attribute's text
// whole at the first read, so a read that leaves buf room is all of it.
func readSysAttr(name string, buf []byte) ([]byte, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	n := 0
	for {
		if n == len(buf) {
			buf = append(buf, make([]byte, len(buf)+1)...)
		}
		m, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: name, Err: err}
		}
		n += m
		if m == 0 || n < len(buf) {
			return buf[:n], nil
		}
	}
}
