package mdev

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// applyRules applies the mdev.conf rules matching the event: the first
// match, and the ones after it while the matches have '-'. A device no rule
// matches keeps what devtmpfs gave it (busybox would make it 0:0 660). A
// device added again has its nodes placed but no command run.
func (d *Daemon) applyRules(ctx context.Context, ev Event, again bool) {
	for i := range d.Rules {
		r := &d.Rules[i]
		subs, ok := r.Match(ev)
		if !ok {
			continue
		}
		d.debugf("mdev: %s matches mdev.conf line %d", ev.Name(), r.Line)
		if err := d.applyRule(ctx, r, ev, subs, again); err != nil {
			d.logf("mdev: mdev.conf line %d on %s: %v", r.Line, ev.Name(), err)
		}
		if !r.Continue {
			return
		}
	}
}

func (d *Daemon) applyRule(ctx context.Context, r *Rule, ev Event, subs []string, again bool) error {
	hasNode := ev.DevName != "" && ev.HasDevNum()
	if hasNode && !filepath.IsLocal(ev.DevName) {
		return fmt.Errorf("device name %q is not a path under %s", ev.DevName, d.Dev)
	}
	final := ev.Name()
	if r.Node == NodeMove || r.Node == NodeMoveLink {
		final = expandPath(r.Path, subs, ev.Name())
		if !filepath.IsLocal(final) {
			return fmt.Errorf("path %q leaves %s", final, d.Dev)
		}
	}
	switch ev.Action {
	case "add":
		if hasNode {
			if err := d.placeNode(r, ev, final); err != nil {
				return err
			}
		}
		if again {
			d.debugf("mdev: %s added again: its command ran already", ev.Name())
			return nil
		}
		return d.runCommand(ctx, r, ev, final)
	case "remove":
		err := d.runCommand(ctx, r, ev, final)
		if hasNode && final != ev.DevName {
			err = errors.Join(err, d.removeMoved(r, ev.DevName, final))
		}
		return err
	}
	return d.runCommand(ctx, r, ev, final) // a '*' command on another action
}

// placeNode makes the node the rule wants: removed (!), or moved to final
// (creating it if devtmpfs did not), owned and chmod'ed, and for >path
// linked from its old name.
func (d *Daemon) placeNode(r *Rule, ev Event, final string) error {
	node := filepath.Join(d.Dev, ev.DevName)
	if r.Node == NodeNone {
		d.debugf("mdev: remove %s (!)", node)
		return removeIfExists(node)
	}
	target := filepath.Join(d.Dev, final)
	if target != node {
		if err := d.moveNode(node, target); err != nil {
			return err
		}
	}
	if err := d.ensureNode(target, ev); err != nil {
		return err
	}
	d.debugf("mdev: %s %d:%d %o", target, r.UID, r.GID, modeToOctal(r.Mode))
	if err := os.Lchown(target, int(r.UID), int(r.GID)); err != nil {
		return err
	}
	if err := os.Chmod(target, r.Mode); err != nil {
		return err
	}
	if r.Node == NodeMoveLink {
		return d.linkNode(node, target)
	}
	return nil
}

// moveNode renames the node devtmpfs made to target. When the node is not
// there (moved by an earlier event for the device), nothing is done.
func (d *Daemon) moveNode(node, target string) error {
	fi, err := os.Lstat(node)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Mode()&fs.ModeSymlink != 0) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	d.debugf("mdev: move %s to %s", node, target)
	return os.Rename(node, target)
}

// ensureNode makes the node when it is missing (a /dev without devtmpfs),
// and checks that what is there is a device node.
func (d *Daemon) ensureNode(target string, ev Event) error {
	fi, err := os.Lstat(target)
	if err == nil {
		if fi.Mode()&(fs.ModeDevice|fs.ModeCharDevice) == 0 {
			return fmt.Errorf("%s is a %v, not a device node", target, fi.Mode().Type())
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	d.debugf("mdev: mknod %s %d:%d", target, ev.Major, ev.Minor)
	return mknod(target, ev.Subsystem == "block", ev.Major, ev.Minor)
}

// linkNode makes node a symlink to target, relative so it also works from
// the new root after the move of /dev.
func (d *Daemon) linkNode(node, target string) error {
	rel, err := filepath.Rel(filepath.Dir(node), target)
	if err != nil {
		return err
	}
	if have, err := os.Readlink(node); err == nil && have == rel {
		return nil
	}
	if err := removeIfExists(node); err != nil {
		return err
	}
	d.debugf("mdev: link %s to %s", node, rel)
	return os.Symlink(rel, node)
}

// removeMoved removes a node the rule moved, which devtmpfs cannot find to
// remove, and the link to it. A node left in place is devtmpfs's to remove.
func (d *Daemon) removeMoved(r *Rule, node, final string) error {
	err := removeIfExists(filepath.Join(d.Dev, final))
	if r.Node == NodeMoveLink {
		link := filepath.Join(d.Dev, node)
		if fi, lerr := os.Lstat(link); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			err = errors.Join(err, os.Remove(link))
		}
	}
	return err
}

func removeIfExists(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
