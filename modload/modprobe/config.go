package modprobe

import (
	"io/fs"
	"strings"

	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/modload"
)

// LoadConf reads the modprobe configuration of the root file system root
// (an fs.FS rooted at "/": /etc/modprobe.d, /lib/modprobe.d...; see
// modload.ReadModprobeConf) and adds to its blacklist the modules that the
// kernel command line names in modprobe.blacklist= and module_blacklist=
// (comma-separated; every occurrence counts). The error reports the lines
// and files that could not be used; the Conf holds the rest. PID 1 uses it
// to load by alias as this helper does.
func LoadConf(root fs.FS, cmd string) (*modload.Conf, error) {
	conf, err := modload.ReadModprobeConf(root, modload.ModprobeDirs...)
	conf.AddBlacklist(cmdlineBlacklist(cmd)...)
	return &conf, err
}

// cmdlineBlacklist returns the modules named by modprobe.blacklist= (which
// modprobe reads) and module_blacklist= (which the kernel enforces itself,
// refusing the module with EPERM) on the kernel command line. Parameter
// names match with '-' and '_' alike, as in the kernel.
func cmdlineBlacklist(cmd string) []string {
	var names []string
	for _, param := range cmdline.Split(cmd) {
		if param == "--" {
			break
		}
		name, value, ok := strings.Cut(param, "=")
		switch strings.ReplaceAll(name, "-", "_") {
		case "modprobe.blacklist", "module_blacklist":
			if ok {
				names = append(names, strings.Split(value, ",")...)
			}
		}
	}
	return names
}

// cmdlineParams returns the module.param=value parameters of the kernel
// command line, by module, as PID 1 passes them too.
func cmdlineParams(cmd string) map[string][]string {
	cfg, _ := cmdline.Parse(cmd) // PID 1 reports the command line's mistakes
	return cfg.ModuleParams
}
