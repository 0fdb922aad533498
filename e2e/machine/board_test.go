package machine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/google/go-cmp/cmp"
)

func TestQEMUArgs(t *testing.T) {
	k := artifact.KernelFiles{Vmlinuz: "/k/vmlinuz", ModulesDir: "/k/lib/modules/r", DTB: "/k/b.dtb"}
	tests := []struct {
		board string
		noNIC bool // WithoutNIC
		want  []string
	}{
		{board: "virt", want: []string{"-M", "virt", "-cpu", "cortex-a15", "-m", "512", "-nographic", "-no-reboot",
			"-kernel", "/k/vmlinuz", "-initrd", "/i", "-append", "c",
			"-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0"}},
		{board: "raspi1ap", want: []string{"-M", "raspi1ap", "-icount", "shift=3", "-serial", "mon:stdio", "-display", "none", "-no-reboot",
			"-dtb", "/k/b.dtb", "-kernel", "/k/vmlinuz", "-initrd", "/i", "-append", "c",
			"-netdev", "user,id=n0", "-device", "usb-net,netdev=n0"}},
		{board: "raspi1ap", noNIC: true, want: []string{"-M", "raspi1ap", "-icount", "shift=3", "-serial", "mon:stdio", "-display", "none", "-no-reboot",
			"-dtb", "/k/b.dtb", "-kernel", "/k/vmlinuz", "-initrd", "/i", "-append", "c"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/noNIC=%t", tt.board, tt.noNIC), func(t *testing.T) {
			b := Boards[tt.board]
			if tt.noNIC {
				b = b.WithoutNIC()
			}
			got := b.QEMUArgs(k, "/i", "c")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("QEMUArgs() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBoardsAreConsistent(t *testing.T) {
	for name, b := range Boards {
		if b.Name != name || b.QEMU == "" || b.NetDevice == "" || len(b.Modules) == 0 || b.NIC == "" {
			t.Errorf("board %q is incomplete: %+v", name, b)
		}
		if !strings.HasPrefix(b.Kernel.Package, "linux-image-"+b.Kernel.Release) {
			t.Errorf("board %q: package %s does not match release %s", name, b.Kernel.Package, b.Kernel.Release)
		}
	}
}

func TestSelectBoards(t *testing.T) {
	tests := []struct {
		name    string
		list    string
		want    map[string]bool
		wantErr bool
	}{
		{name: "default is both boards", list: "", want: map[string]bool{"virt": true, "raspi1ap": true}},
		{name: "both", list: "virt, raspi1ap", want: map[string]bool{"virt": true, "raspi1ap": true}},
		{name: "all", list: "all", want: map[string]bool{"virt": true, "raspi1ap": true}},
		{name: "trailing comma", list: "raspi1ap,", want: map[string]bool{"raspi1ap": true}},
		{name: "unknown", list: "virt,pi5", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SelectBoards(tt.list)
			if (err != nil) != tt.wantErr {
				t.Fatalf("SelectBoards(%q) error = %v, wantErr %v", tt.list, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); !tt.wantErr && diff != "" {
				t.Errorf("SelectBoards(%q) (-want +got):\n%s", tt.list, diff)
			}
		})
	}
}
