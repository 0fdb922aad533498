package cmdline

import (
	"strings"

	"github.com/airroot/airroot/internal/errkind"
	"github.com/airroot/airroot/modload"
)

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
		if !modload.IsModuleName(m) {
			p.fail(paramErrorf(ErrBadValue, "%s=: bad module name %q: letters, digits, '-' and '_' only", prm.name, m))
			continue
		}
		m = modload.Normalize(m)
		if !p.modulesSeen[m] {
			if p.modulesSeen == nil {
				p.modulesSeen = map[string]bool{}
			}
			p.modulesSeen[m] = true
			p.cfg.ModulesLoad = append(p.cfg.ModulesLoad, m)
		}
	}
}

// addModuleParam hands the parameter to the module loader's own parser
// (module.param=value, modprobe.blacklist=); the parameters that are not the
// loader's are ignored.
func (p *parser) addModuleParam(prm param) {
	if _, err := p.cfg.Modules.Add(prm.name, prm.value, prm.hasValue); err != nil {
		p.fail(errkind.Mark(err, ErrBadValue))
	}
}
