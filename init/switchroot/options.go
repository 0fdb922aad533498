package switchroot

// Options says how to switch.
type Options struct {
	NewRoot string   // where the real root is mounted, e.g. /newroot
	Init    string   // the new init, absolute as the new root sees it
	Args    []string // its arguments after argv[0]
	Env     []string // its environment
	Log     func(format string, args ...any)
}
