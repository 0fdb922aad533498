package modprobe

import (
	"errors"
	"io"
	"io/fs"

	"github.com/airroot/airroot/modload"
)

// System is what a modprobe call uses of the machine. [Main] uses
// [DefaultSystem]; tests fill in fakes.
type System struct {
	// Root is the root file system, for the modprobe.d directories; nil
	// means no modprobe.d configuration.
	Root fs.FS
	// Dir is the modules tree; "" means /lib/modules/$(uname -r).
	Dir string
	// Modules is the modules tree as an fs.FS; nil means os.DirFS(Dir).
	Modules fs.FS
	// Cmdline returns what the kernel command line tells the loader:
	// module parameters and blacklist, parsed by the caller (the command
	// line's parser is PID 1's); nil means nothing.
	Cmdline func() (modload.KernelParams, error)
	// Init and Loaded are modload.Loader's; nil means finit_module(2) and
	// /proc/modules.
	Init   func(f fs.File, params string, flags int) error
	Loaded func() ([]string, error)
	// Log receives the kernel log records ("<6>airroot: modprobe: ..."),
	// one Write each; nil means none.
	Log io.Writer
}

// Main runs modprobe with args (os.Args) on the running system, with what
// cmdline says the kernel command line asks of modules, and returns
// the exit status: 0 when every name was loaded (or is built in, already
// loaded, or matches only blacklisted modules), 1 otherwise. Each module
// loaded is logged to /dev/kmsg with why:
// "airroot: modprobe: loaded module ccm (kernel request crypto-ccm)", its
// dependencies "(needed by ccm)".
func Main(args []string, cmdline func() (modload.KernelParams, error)) int {
	sys, closeLog := DefaultSystem(cmdline)
	defer closeLog()
	return sys.Run(args)
}

// Run runs modprobe with args (argv[0] first) and returns the exit status;
// see [Main].
func (s System) Run(args []string) int {
	log := &kmsgLog{w: s.Log}
	if log.w == nil {
		log.w = io.Discard
	}
	if len(args) == 0 {
		args = []string{"modprobe"}
	}
	opts, err := parseArgs(args[1:])
	if err != nil {
		log.errorf("%v", err)
		return 1
	}
	l, conf := s.loader(log)
	status := 0
	for _, name := range opts.names {
		if opts.useBlacklist && conf.Blacklisted(name) {
			log.infof("%s is blacklisted: not loaded", name)
			continue
		}
		if err := l.LoadAliasFor(name, "kernel request "+name); err != nil {
			status = 1
			s.report(log, opts, err)
		}
	}
	return status
}

// loader sets up a modload.Loader as modprobe would.
func (s System) loader(log *kmsgLog) (*modload.Loader, *modload.Conf) {
	var kernel modload.KernelParams
	if s.Cmdline != nil {
		var err error
		if kernel, err = s.Cmdline(); err != nil {
			log.errorf("read the kernel command line: %v", err)
		}
	}
	conf := &modload.Conf{}
	if s.Root != nil {
		var err error
		if conf, err = LoadConf(s.Root, kernel.Blacklist); err != nil {
			log.errorf("%v", err)
		}
	} else {
		conf.AddBlacklist(kernel.Blacklist...)
	}
	return &modload.Loader{
		Dir:    s.Dir,
		FS:     s.Modules,
		Conf:   conf,
		Params: kernel.Params,
		Init:   s.Init,
		Loaded: s.Loaded,
		Log:    log.infof,
	}, conf
}

// report logs a failure; with -q, a name nothing matches is only a debug
// line (the kernel asks for many aliases that name no module).
func (s System) report(log *kmsgLog, opts options, err error) {
	var nf *modload.NotFoundError
	if opts.quiet && errors.As(err, &nf) && nf.Alias {
		log.debugf("%v", err)
		return
	}
	log.errorf("%v", err)
}
