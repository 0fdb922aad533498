package mdev

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestMain lets the test binary play the shell of mdev.conf commands (see
// fakeShell) when MDEV_TEST_SHELL is set, as os/exec's tests do.
func TestMain(m *testing.M) {
	if os.Getenv("MDEV_TEST_SHELL") != "" {
		os.Exit(fakeShell(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeShell runs `sh -c COMMAND` for the commands the tests use: env
// prints the environment and the working directory, exists says whether
// $MDEV is there, sleep sleeps for a minute, fail fails with output.
func fakeShell(args []string) int {
	if len(args) != 2 || args[0] != "-c" {
		fmt.Fprintf(os.Stderr, "fake shell: want -c COMMAND, got %q\n", args)
		return 2
	}
	switch args[1] {
	case "env":
		env := os.Environ()
		slices.Sort(env)
		wd, _ := os.Getwd()
		fmt.Println(strings.Join(append(env, "cwd="+wd), "\n"))
	case "exists":
		_, err := os.Lstat(os.Getenv("MDEV"))
		fmt.Printf("%s %s exists: %v\n", os.Getenv("ACTION"), os.Getenv("MDEV"), err == nil)
	case "sleep":
		time.Sleep(time.Minute)
	case "fail":
		fmt.Fprint(os.Stderr, "oops") // no newline: the rest is logged too
		return 3
	default:
		fmt.Fprintf(os.Stderr, "fake shell: unknown command %q\n", args[1])
		return 127
	}
	return 0
}

// newShellHarness is a harness whose commands run through the fake shell.
func newShellHarness(t *testing.T, conf string) *harness {
	t.Helper()
	t.Setenv("MDEV_TEST_SHELL", "1")
	shell, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	h.d.Shell = shell
	h.d.Rules, err = ParseConf(strings.NewReader(conf), nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var usbDevice = []string{"DEVPATH=/devices/x/usb1/1-1:1.0", "SUBSYSTEM=usb", "MODALIAS=usb:v1234p5678", "PRODUCT=1234/5678/0"}

func TestCommandEnvironment(t *testing.T) {
	h := newShellHarness(t, "$MODALIAS=.* 0:0 660 @env\n")
	h.start(t)
	h.send(event(t, usbDevice...))
	h.settle(t)
	for _, want := range []string{
		"ACTION=add", "DEVPATH=/devices/x/usb1/1-1:1.0", "SUBSYSTEM=usb", "MODALIAS=usb:v1234p5678",
		"PRODUCT=1234/5678/0", "MDEV=1-1:1.0", "MDEV_TEST_SHELL=1", "PATH=", "cwd=" + h.d.Dev,
	} {
		h.log.find(t, "mdev: mdev.conf line 1: "+want)
	}
}

func TestCommandEnvDefaultPath(t *testing.T) {
	got := commandEnv([]string{"HOME=/", "TERM=linux"}, []string{"ACTION=add", "TERM=x"})
	want := []string{defaultPath, "HOME=/", "TERM=x", "ACTION=add"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("commandEnv (-want +got):\n%s", diff)
	}
	if got := commandEnv([]string{"PATH=/bin"}, nil); !slices.Equal(got, []string{"PATH=/bin"}) {
		t.Errorf("commandEnv with a PATH = %q", got)
	}
}

// TestCommandOrder: @ runs after the node is made, $ before it is
// removed, * both times.
func TestCommandOrder(t *testing.T) {
	owner := fmt.Sprintf("%d:%d", os.Getuid(), os.Getgid())
	h := newShellHarness(t, "null "+owner+" 666 =moved/null *exists\n")
	saved := mknod
	mknod = func(name string, _ bool, _, _ uint32) error { return os.WriteFile(name, nil, 0o600) }
	t.Cleanup(func() { mknod = saved })
	h.start(t)
	null := []string{"DEVPATH=/devices/virtual/mem/null", "SUBSYSTEM=mem", "DEVNAME=null", "MAJOR=1", "MINOR=3"}
	h.send(event(t, null...))
	h.settle(t)
	h.send(event(t, append(null, "ACTION=remove")...))
	h.settle(t)
	h.log.find(t, "mdev: mdev.conf line 1: add moved/null exists: true")
	h.log.find(t, "mdev: mdev.conf line 1: remove moved/null exists: true")
	if _, err := os.Lstat(filepath.Join(h.d.Dev, "moved/null")); err == nil {
		t.Error("moved/null is still there after the remove event")
	}
}

func TestCommandFailureAndTimeout(t *testing.T) {
	h := newShellHarness(t, "-$MODALIAS=.* 0:0 660 @fail\n-$MODALIAS=.* 0:0 660 @sleep\n$MODALIAS=.* 0:0 660 @env\n")
	h.d.CommandTimeout = 300 * time.Millisecond
	h.start(t)
	start := time.Now()
	h.send(event(t, usbDevice...))
	h.settle(t)
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the event took %v: the sleeping command was not killed", took)
	}
	h.log.find(t, "mdev: mdev.conf line 1: oops")
	h.log.find(t, "mdev: mdev.conf line 1 on 1-1:1.0: command fail: exit status 3")
	h.log.find(t, "mdev: mdev.conf line 2 on 1-1:1.0: command sleep: killed after 300ms")
	h.log.find(t, "mdev: mdev.conf line 3: MDEV=1-1:1.0") // the next command still ran
}

// TestCommandsWithoutShell: each rule with a command is named once, when
// the daemon starts, and no command runs.
func TestCommandsWithoutShell(t *testing.T) {
	h := newShellHarness(t, "$MODALIAS=.* 0:0 660 @env\nnull 0:0 666\neth[0-9] 0:0 600 $goodbye\n")
	h.d.Shell = filepath.Join(t.TempDir(), "sh")
	h.start(t)
	h.send(event(t, usbDevice...), event(t, usbDevice...))
	h.settle(t)
	want := []string{
		fmt.Sprintf(`mdev: mdev.conf line 1: command "env" cannot run: no %s in the initramfs (add a shell: airroot build --add BUSYBOX:%[1]s)`, h.d.Shell),
		fmt.Sprintf(`mdev: mdev.conf line 3: command "goodbye" cannot run: no %s in the initramfs (add a shell: airroot build --add BUSYBOX:%[1]s)`, h.d.Shell),
	}
	var got []string
	for _, line := range h.log.all() {
		if strings.HasPrefix(line, "mdev: mdev.conf line") {
			got = append(got, line)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mdev.conf lines logged (-want +got):\n%s", diff)
	}
}

// TestDaemonRunsCommands: which commands run for which actions, with which
// MDEV, and how a failure is reported.
func TestDaemonRunsCommands(t *testing.T) {
	h := newHarness(t)
	rules, err := ParseConf(strings.NewReader(`$MODALIAS=.* 0:0 660 @modprobe "$MODALIAS"
-eth[0-9] 0:0 600 *ifhook $MDEV
eth[0-9] 0:0 600 $goodbye
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	h.d.Rules = rules
	cmds := &commandLog{fail: map[string]error{"goodbye": errors.New("exit status 1")}}
	h.d.run = cmds.run
	h.start(t)
	h.send(
		event(t, "DEVPATH=/devices/x/usb1/1-1:1.0", "SUBSYSTEM=usb", "MODALIAS=usb:v1234p5678"),
		event(t, "DEVPATH=/devices/virtual/net/eth0", "SUBSYSTEM=net", "INTERFACE=eth0"),
		// busybox runs a '*' command on any action, the others not.
		event(t, "ACTION=change", "DEVPATH=/devices/virtual/net/eth0", "SUBSYSTEM=net", "INTERFACE=eth0"),
		event(t, "ACTION=change", "DEVPATH=/devices/x/usb1/1-1:1.0", "SUBSYSTEM=usb", "MODALIAS=usb:v1234p5678"),
		event(t, "ACTION=remove", "DEVPATH=/devices/virtual/net/eth0", "SUBSYSTEM=net", "INTERFACE=eth0"),
	)
	h.settle(t)
	want := []ranCommand{
		{Command: `modprobe "$MODALIAS"`, MDEV: "1-1:1.0", Action: "add"},
		{Command: "ifhook $MDEV", MDEV: "eth0", Action: "add"},
		{Command: "ifhook $MDEV", MDEV: "eth0", Action: "change"},
		{Command: "ifhook $MDEV", MDEV: "eth0", Action: "remove"},
		{Command: "goodbye", MDEV: "eth0", Action: "remove"},
	}
	if diff := cmp.Diff(want, cmds.all()); diff != "" {
		t.Errorf("commands run (-want +got):\n%s", diff)
	}
	h.log.find(t, "mdev: mdev.conf line 3 on eth0: command goodbye: exit status 1")
}

// TestShellRunRealShell runs a command through this machine's /bin/sh.
func TestShellRunRealShell(t *testing.T) {
	if _, err := exec.LookPath("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	d := &Daemon{Shell: "/bin/sh", Dev: t.TempDir()}
	var out strings.Builder
	if err := d.shellRun(t.Context(), `echo "$MDEV in $PWD"; echo oops >&2; exit 3`, []string{"MDEV=sda1"}, &out); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("shellRun = %v, want exit status 3", err)
	}
	if want := "sda1 in " + d.Dev + "\noops\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	// As PID 1 does: its reaper collects the command.
	waited := false
	d.Wait = func(pid int) syscall.WaitStatus {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		waited = err == nil
		return ws
	}
	if err := d.shellRun(t.Context(), "kill -9 $$", nil, io.Discard); err == nil || err.Error() != "killed by signal killed" || !waited {
		t.Errorf("shellRun with Wait = %v (waited %v), want killed by signal killed, through Wait", err, waited)
	}
}
