package boot

import (
	"os"

	"github.com/airroot/airroot/init/cpuuse"
)

// procDir is where the CPU accounts are read; tests point it elsewhere.
var procDir = "/proc"

// sampleCPU notes the CPU time counted so far, once /proc is mounted: the
// start of the account logCPU gives.
func (b *Boot) sampleCPU() {
	s, err := cpuuse.Read(procDir, os.Getpid(), 0)
	if err != nil {
		b.Log.Debugf("boot: no CPU account: %v", err)
		return
	}
	b.cpuStart = &s
}

// logCPU says how busy the CPUs were since /init began and who kept them
// busy: this process, the keeper (keeperPID and its worker) and the rest.
// On a one-core board a boot near 100% busy is bound by CPU work.
func (b *Boot) logCPU(keeperPID int) {
	if b.cpuStart == nil {
		return
	}
	end, err := cpuuse.Read(procDir, os.Getpid(), keeperPID)
	if err != nil {
		b.Log.Debugf("boot: no CPU account: %v", err)
		return
	}
	b.Log.Infof("boot: CPU since /init: %v", end.Since(*b.cpuStart))
}
