package cmdline

import "strings"

// isModulesLoad recognises systemd's modules-load= and dracut's rd.modules-load=, with
// '-' and '_' interchangeable as systemd allows.
func isModulesLoad(name string) bool {
	name = strings.TrimPrefix(name, "rd.")
	return name == "modules-load" || name == "modules_load"
}

func (p *parser) addModulesLoad(prm param) {
	if !p.needValue(prm, "<module>[,<module>...]") {
		return
	}
	for _, m := range strings.Split(prm.value, ",") {
		if m == "" {
			continue
		}
		if !isModuleName(m) {
			p.fail(paramErrorf(ErrBadValue, "%s=: bad module name %q: letters, digits, '-' and '_' only", prm.name, m))
			continue
		}
		m = normalise(m)
		if !p.modulesSeen[m] {
			if p.modulesSeen == nil {
				p.modulesSeen = map[string]bool{}
			}
			p.modulesSeen[m] = true
			p.cfg.ModulesLoad = append(p.cfg.ModulesLoad, m)
		}
	}
}

// notModules are prefixes of dotted parameters that belong to user space or to the
// kernel proper, not to a module.
var notModules = map[string]bool{
	"rd": true, "airroot": true, "systemd": true, "udev": true, "net": true, "fsck": true,
	"plymouth": true, "vconsole": true, "locale": true, "luks": true, "mount": true,
	"sysctl": true, "modprobe": true, "init": true, "kernel": true, "dracut": true,
}

// addModuleParam records module.param[=value]; parameters without a '.' or whose prefix
// cannot be a module name are not module parameters and are ignored.
func (p *parser) addModuleParam(prm param) {
	module, name, ok := strings.Cut(prm.name, ".")
	if !ok || !isModuleName(module) || notModules[module] {
		return
	}
	if name == "" {
		p.fail(paramErrorf(ErrBadValue, "%s: no parameter name after %q", prm.text(), module+"."))
		return
	}
	entry := normalise(name)
	if prm.hasValue {
		entry += "=" + quoteValue(prm.value)
	}
	module = normalise(module)
	if p.cfg.ModuleParams == nil {
		p.cfg.ModuleParams = map[string][]string{}
	}
	p.cfg.ModuleParams[module] = append(p.cfg.ModuleParams[module], entry)
}

// quoteValue puts a value that holds white space back in quotes, so that the module
// loader's own next_arg reads it as one value. A value that also holds '"' cannot be
// quoted (the kernel has no escape) and is left as it is.
func quoteValue(v string) string {
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }) && !strings.Contains(v, `"`) {
		return `"` + v + `"`
	}
	return v
}

// isModuleName reports whether s can name a module: letters, digits, '-' and '_'.
func isModuleName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// normalise writes '-' as '_', as the kernel and kmod treat them as the same in module and
// parameter names.
func normalise(name string) string { return strings.ReplaceAll(name, "-", "_") }
