package switchroot

// Options says how to switch.
type Options struct {
	NewRoot string   // where the real root is mounted, e.g. /newroot
	Init    string   // the new init, absolute as the new root sees it
	Args    []string // its arguments after argv[0]
	Env     []string // its environment
	Log     func(format string, args ...any)
	// BeforeExec runs after the new root is / and just before its init is
	// executed: the last moment to log as the initramfs's init.
	BeforeExec func()
}
