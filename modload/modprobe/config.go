package modprobe

import (
	"io/fs"

	"github.com/airroot/airroot/modload"
)

// LoadConf reads the modprobe configuration of the root file system root
// (an fs.FS rooted at "/": /etc/modprobe.d, /lib/modprobe.d...; see
// modload.ReadModprobeConf) and adds blacklist to its blacklist: the
// modules the kernel command line names (see modload.KernelParams). The
// error reports the lines and files that could not be used; the Conf holds
// the rest. PID 1 uses it to load by alias as this helper does.
func LoadConf(root fs.FS, blacklist []string) (*modload.Conf, error) {
	conf, err := modload.ReadModprobeConf(root, modload.ModprobeDirs...)
	conf.AddBlacklist(blacklist...)
	return &conf, err
}
