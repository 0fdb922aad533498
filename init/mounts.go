package boot

// A kernelMount is one filesystem PID 1 mounts before anything else.
type kernelMount struct {
	Source, Target, FSType string
	Flags                  uintptr
	Data                   string
}

// String is what the log shows for the mount.
func (m kernelMount) String() string { return m.FSType + " on " + m.Target }
