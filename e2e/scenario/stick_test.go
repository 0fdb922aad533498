package scenario

import (
	"bufio"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

func TestHotplugStickValidate(t *testing.T) {
	pi := withStick(Scenario{Name: "raspi1ap-x", Board: "raspi1ap", Network: NoNetwork{}, Boot: Boot{Card: &Card{App: true}}}, "raspi1ap-x")
	tests := []struct {
		name string
		edit func(*Scenario)
		want string // in an error; "" : none
	}{
		{name: "as withStick makes it", edit: func(*Scenario) {}},
		{name: "no app", edit: func(s *Scenario) { s.Boot.Card = &Card{} }, want: "read by the app"},
		{name: "no automount", edit: func(s *Scenario) { s.Boot.Cmdline = nil }, want: "airroot.automount"},
		{name: "the NIC on the stick's port", edit: func(s *Scenario) { s.Network = Ethernet{} }, want: "port of its NIC"},
		{name: "a bad label", edit: func(s *Scenario) { s.Faults = []Fault{HotplugStick{Label: "A/B"}} }, want: "stick label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := pi
			s.Boot.Card = &Card{App: true}
			tt.edit(&s)
			h, _ := findFault[HotplugStick](s)
			errs := fmt.Sprint(h.validate(s))
			if (tt.want == "") != (errs == "[]") || !strings.Contains(errs, tt.want) {
				t.Errorf("validate = %s, want an error with %q", errs, tt.want)
			}
		})
	}
	if !pi.hasParam("usb-storage.quirks") {
		t.Errorf("raspi1ap's stick scenario lacks the board's BAD_SENSE quirk: %q", pi.Boot.Cmdline)
	}
}

// fakeMonitor answers as QEMU's monitor does: a greeting, then per command its
// echo, a line end and the prompt. It records the commands.
type fakeMonitor struct {
	mu   sync.Mutex
	cmds []string
}

func (f *fakeMonitor) serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			fmt.Fprint(c, "QEMU 7.2 monitor - type 'help' for more information\r\n(qemu) ")
			r := bufio.NewReader(c)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				cmd := strings.TrimSpace(line)
				f.mu.Lock()
				f.cmds = append(f.cmds, cmd)
				f.mu.Unlock()
				fmt.Fprintf(c, "%s\r\n(qemu) ", cmd)
			}
		}()
	}
}

func (f *fakeMonitor) commands() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.cmds...)
}

func TestStickPlugger(t *testing.T) {
	work := t.TempDir()
	var mu sync.Mutex
	var logged []string
	p := &stickPlugger{port: *machine.Boards["raspi1ap"].Stick, monitor: filepath.Join(work, "monitor.sock"),
		image: filepath.Join(work, stickImage), logf: func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			logged = append(logged, fmt.Sprintf(format, args...))
		}}
	l, err := net.Listen("unix", p.monitor)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	mon := &fakeMonitor{}
	go mon.serve(l)

	waitFor := func(n int) {
		for deadline := time.Now().Add(5 * time.Second); len(mon.commands()) < n && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
	}
	p.line("random kernel line\n")
	p.line(guestproto.StickPlugLine + " at /media/STICK/x\n")
	p.line(guestproto.StickPlugLine + " at /media/STICK/x\n") // once only
	waitFor(2)
	p.line("airroot: automount: sda1 (STICK) mounted at /media/STICK (vfat, read-only)\n")
	p.line(guestproto.StickPullLine + "\n")
	waitFor(3)
	p.line("airroot: automount: sda1 (STICK) unmounted from /media/STICK\n")
	want := []string{
		"drive_add 0 if=none,id=stick,format=raw,readonly=on,file=" + p.image,
		"device_add usb-storage,port=1,drive=stick,id=stick",
		"device_del stick",
	}
	if got := mon.commands(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("monitor commands:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(logged, "\n")
	for _, w := range []string{"device_add to \"airroot: automount: sda1 (STICK) mounted at", "device_del to \"airroot: automount: sda1 (STICK) unmounted"} {
		if !strings.Contains(all, w) {
			t.Errorf("log lacks %q:\n%s", w, all)
		}
	}
}

func TestStickModules(t *testing.T) {
	virt, pi := machine.Boards["virt"], machine.Boards["raspi1ap"]
	s := withStick(Scenario{Board: "virt", Boot: Boot{Card: &Card{App: true}}}, "virt-x")
	if got := strings.Join(s.stickModulesFor(virt), " "); got != "xhci_pci usb_storage sd_mod" {
		t.Errorf("virt's stick modules %q", got)
	}
	if got := strings.Join(s.stickModulesFor(pi), " "); got != "usb_storage sd_mod" {
		t.Errorf("raspi1ap's stick modules %q", got)
	}
	if got := (Scenario{}).stickModulesFor(pi); got != nil {
		t.Errorf("without a stick: %q", got)
	}
}
