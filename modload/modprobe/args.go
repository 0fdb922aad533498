package modprobe

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// options is a parsed modprobe command line.
type options struct {
	quiet        bool     // -q: no message for a name nothing matches
	verbose      bool     // -v: accepted; every module loaded is logged anyway
	useBlacklist bool     // -b: the blacklist applies to names too
	names        []string // modules or aliases to load
	sawOption    bool     // any option or "--" was given
}

// errUsage is wrapped by the errors for a command line modprobe cannot run.
var errUsage = errors.New("usage: modprobe [-q] [-v] [-b] [-a] [--] NAME [NAME...]")

// shortOptions and longOptions are the options understood, all without
// argument: -q, -v, -b, -a (every argument is a name, which is always so
// here), -s (log to syslog: the log goes to /dev/kmsg anyway), -i (ignore
// install commands, which are not run anyway).
var (
	shortOptions = "qvbasi"
	longOptions  = map[string]byte{
		"quiet": 'q', "verbose": 'v', "use-blacklist": 'b', "all": 'a',
		"syslog": 's', "ignore-install": 'i',
	}
)

// parseArgs parses the arguments after argv[0]: options (combined short
// ones too), then "--" or not, then one or more names. As with GNU getopt,
// options may follow names until "--". modprobe's "NAME param=value" form
// is refused: module parameters come from modprobe.d and the kernel
// command line.
func parseArgs(args []string) (options, error) {
	var o options
	dashdash := false
	for _, arg := range args {
		switch {
		case dashdash || arg == "-" || !strings.HasPrefix(arg, "-"):
			if err := o.addName(arg); err != nil {
				return o, err
			}
		case arg == "--":
			dashdash, o.sawOption = true, true
		case strings.HasPrefix(arg, "--"):
			c, ok := longOptions[arg[2:]]
			if !ok {
				return o, fmt.Errorf("unknown option %s: %w", arg, errUsage)
			}
			o.set(c)
		default:
			for i := 1; i < len(arg); i++ {
				if strings.IndexByte(shortOptions, arg[i]) < 0 {
					return o, fmt.Errorf("unknown option -%c: %w", arg[i], errUsage)
				}
				o.set(arg[i])
			}
		}
	}
	if len(o.names) == 0 {
		return o, fmt.Errorf("no module named: %w", errUsage)
	}
	return o, nil
}

func (o *options) set(c byte) {
	o.sawOption = true
	switch c {
	case 'q':
		o.quiet = true
	case 'v':
		o.verbose = true
	case 'b':
		o.useBlacklist = true
	}
}

func (o *options) addName(arg string) error {
	switch {
	case arg == "":
		return fmt.Errorf("empty module name: %w", errUsage)
	case strings.Contains(arg, "="):
		return fmt.Errorf("%s: module parameters on the modprobe command line are not supported; "+
			"use an options line in /etc/modprobe.d or NAME.param= on the kernel command line: %w", arg, errUsage)
	}
	o.names = append(o.names, arg)
	return nil
}

// Invoked reports whether the process was started as modprobe rather than
// as PID 1: args (os.Args) is the kernel's "PATH -q -- NAME" (argv[0] is
// the path, such as /init), or any modprobe command line — options or "--",
// then names — or argv[0] is called modprobe; and pid is not 1. PID 1 calls
// it first thing:
//
//	if modprobe.Invoked(os.Args, os.Getpid()) {
//		os.Exit(modprobe.Main(os.Args))
//	}
func Invoked(args []string, pid int) bool {
	if pid == 1 || len(args) < 2 {
		return false
	}
	if path.Base(args[0]) == "modprobe" {
		return true
	}
	o, err := parseArgs(args[1:])
	return err == nil && o.sawOption
}
