package dhcp

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// attachClientPortFilter makes the kernel drop, for socket fd, everything but
// UDP datagrams for port 68 (clientPortFilter's rule).
//
// It attaches one eBPF program, loaded once per process, by its descriptor:
// the kernel only takes a reference. Attaching the classic filter instead
// makes the kernel translate and JIT-compile it for every socket, about
// 130 µs of CPU on a desktop; at two or three sockets per DHCP exchange
// that was a third of what the keeper spends on a renewal. Sockets opened
// before prepareSockets has loaded it, and all on kernels without the bpf
// system call, get the classic filter.
func attachClientPortFilter(fd int) error {
	if prog := clientPortProgramFD.Load(); prog != nil {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ATTACH_BPF, *prog); err == nil {
			return nil
		}
	}
	fprog := unix.SockFprog{Len: uint16(len(clientPortFilter)), Filter: sockFilter(clientPortFilter)}
	if err := unix.SetsockoptSockFprog(fd, unix.SOL_SOCKET, unix.SO_ATTACH_FILTER, &fprog); err != nil {
		return os.NewSyscallError("setsockopt SO_ATTACH_FILTER", err)
	}
	return nil
}

// prepareSockets does the one-time work of the client's sockets: it loads
// the filter program, once, and keeps its descriptor open (close-on-exec)
// for the life of the process. The verifier takes some 45 ms of an emulated
// board's CPU, which the boot's first exchange does not wait for: it uses
// the classic filter and has this run while its ARP probe waits. A program
// that cannot be loaded leaves every socket the classic filter.
func prepareSockets() {
	loadProgramOnce.Do(func() {
		if fd, err := loadSocketFilter(clientPortProgram); err == nil {
			clientPortProgramFD.Store(&fd)
		}
	})
}

var (
	loadProgramOnce     sync.Once
	clientPortProgramFD atomic.Pointer[int] // nil until prepareSockets loaded the program
)

// clientPortProgram is clientPortFilter in eBPF: the socket sees the packet
// from its IPv4 header, as a classic filter does.
var clientPortProgram = []ebpfInsn{
	{code: unix.BPF_ALU64 | unix.BPF_MOV | unix.BPF_X, regs: 6 | 1<<4},        // r6 = skb, for the packet loads
	{code: unix.BPF_LD | unix.BPF_ABS | unix.BPF_B, imm: 9},                   // r0 = IP protocol
	{code: unix.BPF_JMP | unix.BPF_JNE | unix.BPF_K, off: 8, imm: protoUDP},   // not UDP: drop
	{code: unix.BPF_LD | unix.BPF_ABS | unix.BPF_B, imm: 0},                   // r0 = version and IHL
	{code: unix.BPF_ALU64 | unix.BPF_AND | unix.BPF_K, imm: 0x0f},             // r0 = IHL
	{code: unix.BPF_ALU64 | unix.BPF_LSH | unix.BPF_K, imm: 2},                // r0 = header length in bytes
	{code: unix.BPF_ALU64 | unix.BPF_MOV | unix.BPF_X, regs: 7 | 0<<4},        // r7 = r0
	{code: unix.BPF_LD | unix.BPF_IND | unix.BPF_H, regs: 7 << 4, imm: 2},     // r0 = UDP destination port
	{code: unix.BPF_JMP | unix.BPF_JNE | unix.BPF_K, off: 2, imm: clientPort}, // not 68: drop
	{code: unix.BPF_ALU64 | unix.BPF_MOV | unix.BPF_K, imm: 0xffff},           // keep
	{code: unix.BPF_JMP | unix.BPF_EXIT},
	{code: unix.BPF_ALU64 | unix.BPF_MOV | unix.BPF_K, imm: 0}, // drop
	{code: unix.BPF_JMP | unix.BPF_EXIT},
}

// ebpfInsn is struct bpf_insn: regs holds the destination register in its low
// nibble and the source in its high one (little-endian layout).
type ebpfInsn struct {
	code uint8
	regs uint8
	off  int16
	imm  int32
}

func encodeEBPF(prog []ebpfInsn) []byte {
	b := make([]byte, 0, 8*len(prog))
	for _, in := range prog {
		b = append(b, in.code, in.regs)
		b = binary.LittleEndian.AppendUint16(b, uint16(in.off))
		b = binary.LittleEndian.AppendUint32(b, uint32(in.imm))
	}
	return b
}

// progLoadAttr is the head of union bpf_attr for BPF_PROG_LOAD; the kernel
// takes the fields after it as zero.
type progLoadAttr struct {
	progType    uint32
	insnCnt     uint32
	insns       uint64
	license     uint64
	logLevel    uint32
	logSize     uint32
	logBuf      uint64
	kernVersion uint32
	progFlags   uint32
}

// loadSocketFilter loads prog as a socket filter and returns its descriptor.
func loadSocketFilter(prog []ebpfInsn) (int, error) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		return -1, fmt.Errorf("load socket filter: eBPF encoding is written for little-endian machines")
	}
	insns := encodeEBPF(prog)
	license := []byte("BSD\x00") // no GPL-only helper is called
	attr := progLoadAttr{
		progType: unix.BPF_PROG_TYPE_SOCKET_FILTER,
		insnCnt:  uint32(len(prog)),
		insns:    uint64(uintptr(unsafe.Pointer(&insns[0]))),
		license:  uint64(uintptr(unsafe.Pointer(&license[0]))),
	}
	fd, _, errno := unix.Syscall(unix.SYS_BPF, unix.BPF_PROG_LOAD, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	runtime.KeepAlive(insns)
	runtime.KeepAlive(license)
	if errno != 0 {
		return -1, fmt.Errorf("load socket filter: %w", os.NewSyscallError("bpf", errno))
	}
	return int(fd), nil
}
