package dhcp

import (
	"errors"
	"os"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestClientPortProgram runs the eBPF twin of clientPortFilter in the
// kernel (BPF_PROG_TEST_RUN) on the classic filter's cases: the kernel's
// verifier accepts it, and it keeps and drops the same packets.
func TestClientPortProgram(t *testing.T) {
	fd, err := loadSocketFilter(clientPortProgram)
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOSYS) {
		t.Skipf("cannot load eBPF here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	for _, tt := range filterCases {
		t.Run(tt.name, func(t *testing.T) {
			kept, err := testRun(fd, tt.pkt)
			if err != nil {
				t.Fatal(err)
			}
			if (kept > 0) != tt.keep {
				t.Errorf("program returned %d, want keep=%v", kept, tt.keep)
			}
		})
	}
}

// testRun runs the socket filter prog on pkt, an IPv4 packet, behind an
// Ethernet header as the kernel's test run wants, and returns its verdict.
func testRun(prog int, pkt []byte) (uint32, error) {
	frame := append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x00}, pkt...)
	// The head of union bpf_attr for BPF_PROG_TEST_RUN.
	attr := struct {
		progFD, retval, sizeIn, sizeOut uint32
		dataIn, dataOut                 uint64
		repeat, duration                uint32
	}{progFD: uint32(prog), sizeIn: uint32(len(frame)), dataIn: uint64(uintptr(unsafe.Pointer(&frame[0])))}
	_, _, errno := unix.Syscall(unix.SYS_BPF, unix.BPF_PROG_TEST_RUN, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	runtime.KeepAlive(frame)
	if errno != 0 {
		return 0, os.NewSyscallError("bpf BPF_PROG_TEST_RUN", errno)
	}
	return attr.retval, nil
}
