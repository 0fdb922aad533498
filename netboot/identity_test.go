package netboot

import "testing"

func TestBoardSerial(t *testing.T) {
	tests := []struct {
		name, cpuinfo, deviceTree string
		want                      string
	}{
		{name: "pi 1 cpuinfo", cpuinfo: "processor\t: 0\nHardware\t: BCM2835\nRevision\t: 000e\nSerial\t\t: 00000000a1b2c3d4\nModel\t\t: Raspberry Pi Model B Rev 2\n",
			want: "00000000a1b2c3d4"},
		{name: "zero serial is none", cpuinfo: "Hardware\t: Generic DT based system\nSerial\t\t: 0000000000000000\n"},
		{name: "no serial line", cpuinfo: "processor\t: 0\nmodel name\t: ARMv7 Processor rev 5 (v7l)\n"},
		{name: "device tree", deviceTree: "10000000a1b2c3d4\x00", want: "10000000a1b2c3d4"},
		{name: "empty device tree", deviceTree: "\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cpuinfoSerial([]byte(tt.cpuinfo))
			if tt.deviceTree != "" {
				got = deviceTreeSerial([]byte(tt.deviceTree))
			}
			if got != tt.want {
				t.Errorf("serial = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKernelHostname(t *testing.T) {
	for _, tt := range []struct{ nodename, want string }{{"(none)", ""}, {"board-1", "board-1"}, {"", ""}} {
		if got := kernelHostname(tt.nodename); got != tt.want {
			t.Errorf("kernelHostname(%q) = %q, want %q", tt.nodename, got, tt.want)
		}
	}
}
