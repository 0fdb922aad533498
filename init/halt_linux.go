package boot

import (
	"os"
	"time"

	"github.com/airroot/airroot/init/layout"
	"golang.org/x/sys/unix"
)

// rescueShell is what rd.shell runs when the boot cannot finish.
var rescueShell = layout.Shell.Path

// halt is where a boot that cannot finish ends. It says what went wrong and
// what to fix, runs the rescue shell if asked, then follows panic=: reboot
// after N seconds, at once when negative, or wait for a reset. It never
// returns.
func (b *Boot) halt(err error) {
	b.Log.Errorf("cannot boot: %v", err)
	if hint := hintOf(err); hint != "" {
		b.Log.Errorf("to fix: %s", hint)
	}
	b.Log.Infof("%s", b.Timeline.Line())
	if b.hasParam("rd.shell") || b.hasParam("airroot.shell") {
		b.runRescueShell()
	}
	switch {
	case b.Config.PanicSet && b.Config.Panic < 0:
		b.Log.Errorf("rebooting now (panic=%d)", int(b.Config.Panic.Seconds()))
		b.shutdown(unix.LINUX_REBOOT_CMD_RESTART)
	case b.Config.PanicSet && b.Config.Panic > 0:
		b.Log.Errorf("rebooting in %v (panic=%d)", b.Config.Panic, int(b.Config.Panic.Seconds()))
		time.Sleep(b.Config.Panic)
		b.shutdown(unix.LINUX_REBOOT_CMD_RESTART)
	}
	b.Log.Errorf("waiting: fix the problem above and reset the board (or boot with panic=N to reboot after N seconds, rd.shell for a shell)")
	for {
		time.Sleep(time.Hour)
	}
}

// runRescueShell runs /bin/sh on the console and waits for it.
func (b *Boot) runRescueShell() {
	if fi, err := os.Stat(rescueShell); err != nil || fi.Mode().Perm()&0o111 == 0 {
		b.Log.Errorf("rd.shell: no %s in the initramfs: add one (e.g. a static busybox) with 'airroot build --add'", rescueShell)
		return
	}
	b.Log.Errorf("rd.shell: starting %s; exit it to continue", rescueShell)
	p, err := os.StartProcess(rescueShell, []string{"sh"}, &os.ProcAttr{
		Dir:   "/",
		Env:   initEnv(os.Environ()),
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr},
		Sys:   shellSysProcAttr(),
	})
	if err != nil {
		b.Log.Errorf("rd.shell: %v", err)
		return
	}
	status := reaper.wait(p.Pid)
	b.Log.Infof("rd.shell: %s exited (status %d)", rescueShell, status.ExitStatus())
}
