package modload

import (
	"fmt"
	"strings"
)

// KernelParams is what the kernel command line tells a module loader: the
// modules' parameters and the modules not to load by alias.
type KernelParams struct {
	// Params holds module.param[=value] parameters by module:
	// "brcmfmac.roamoff=1" gives Params["brcmfmac"] = ["roamoff=1"]. Module
	// and parameter names have '-' written '_'. A value with white space is
	// quoted again, so the entries can be joined with spaces for
	// finit_module (see [Loader.Params]). Well-known names that are not
	// modules (rd., systemd., udev., net., fsck., plymouth., ...) are left
	// out.
	Params map[string][]string
	// Blacklist names the modules of modprobe.blacklist= (which modprobe
	// reads) and module_blacklist= (which the kernel enforces itself,
	// refusing the module with EPERM), comma-separated, every occurrence
	// counting (see [Conf.AddBlacklist]). Parameter names match with '-'
	// and '_' alike, as in the kernel.
	Blacklist []string
}

// notModules are prefixes of dotted parameters that belong to user space or
// to the kernel proper, not to a module.
var notModules = map[string]bool{
	"rd": true, "airroot": true, "systemd": true, "udev": true, "net": true, "fsck": true,
	"plymouth": true, "vconsole": true, "locale": true, "luks": true, "mount": true,
	"sysctl": true, "modprobe": true, "init": true, "kernel": true, "dracut": true,
}

// Add takes one parameter of the kernel command line, split as the kernel
// splits it (name, value, and whether "=value" was there, quotes removed),
// when it is the module loader's (see the fields), and reports whether it
// was. A module parameter with no name after the module's '.' is an error,
// and left out.
func (k *KernelParams) Add(name, value string, hasValue bool) (bool, error) {
	switch Normalize(name) {
	case "modprobe.blacklist", "module_blacklist":
		if hasValue {
			k.Blacklist = append(k.Blacklist, strings.Split(value, ",")...)
		}
		return true, nil
	}
	module, param, ok := strings.Cut(name, ".")
	if !ok || !IsModuleName(module) || notModules[module] {
		return false, nil
	}
	if param == "" {
		text := name
		if hasValue {
			text += "=" + value
		}
		return true, fmt.Errorf("%s: no parameter name after %q", text, module+".")
	}
	entry := Normalize(param)
	if hasValue {
		entry += "=" + quoteValue(value)
	}
	if k.Params == nil {
		k.Params = map[string][]string{}
	}
	k.Params[Normalize(module)] = append(k.Params[Normalize(module)], entry)
	return true, nil
}

// quoteValue puts a value that holds white space back in quotes, so that the
// module loader's own next_arg reads it as one value. A value that also
// holds '"' cannot be quoted (the kernel has no escape) and is left as it is.
func quoteValue(v string) string {
	if strings.ContainsAny(v, " \t\n\v\f\r") && !strings.Contains(v, `"`) {
		return `"` + v + `"`
	}
	return v
}
