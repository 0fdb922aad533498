package initramfs

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/mdev"
)

// checkMdevConf warns when the mdev.conf added with --add has rules with
// commands (@, $, *) but nothing is added at /bin/sh: PID 1's mdev runs
// them through that shell, as busybox mdev does, and cannot without it.
func (b *builder) checkMdevConf() error {
	data, ok := b.a.Lookup(layout.MdevConf.InArchive())
	if !ok || b.a.Has(layout.Shell.InArchive()) {
		return nil
	}
	rules, _ := mdev.ParseConf(bytes.NewReader(data), anyID{}) // a bad line is PID 1's to report
	var commands []string
	for _, r := range rules {
		if r.Command.On != 0 {
			commands = append(commands, fmt.Sprintf("line %d (%c%s)", r.Line, r.Command.On, strings.TrimSpace(r.Command.Text)))
		}
	}
	if len(commands) > 0 {
		b.warnf("%s has rules with commands but nothing is added at %s, so they cannot run (add a static busybox: --add BUSYBOX:%[2]s): %s",
			layout.MdevConf.Path, layout.Shell.Path, strings.Join(commands, ", "))
	}
	return nil
}

// anyID takes every user and group name: the builder reads mdev.conf for
// its commands only, and PID 1 resolves the names.
type anyID struct{}

func (anyID) UserID(string) (uint32, bool)  { return 0, true }
func (anyID) GroupID(string) (uint32, bool) { return 0, true }
