package mdev

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// Runner runs the command of an mdev.conf rule. env holds the event's
// variables (ACTION, DEVPATH, SUBSYSTEM, MODALIAS...) and MDEV, the node's
// name under /dev. Its text is the rule's, untouched: expanding $MDEV or
// $MODALIAS in it is the Runner's business.
type Runner func(ctx context.Context, command string, env []string) error

// ShellRunner returns a Runner that runs each command as `shell -c command`
// with the event's variables, as busybox mdev does with system(3). Use it
// only when the initramfs has that shell and mdev.conf is trusted: the
// variables come from the kernel and the command is shell text.
func ShellRunner(shell string) Runner {
	return func(ctx context.Context, command string, env []string) error {
		cmd := exec.CommandContext(ctx, shell, "-c", command)
		cmd.Env = env
		if !slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, "PATH=") }) {
			cmd.Env = append(cmd.Env, "PATH=/sbin:/bin:/usr/sbin:/usr/bin")
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.WaitDelay = time.Second // a command that leaves a child holding its output
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s -c %q: %w: %s", shell, command, err, strings.TrimSpace(out.String()))
		}
		return nil
	}
}

// runCommand runs the rule's command if it is for this action, through
// the Runner; with none it says the command was not run.
func (d *Daemon) runCommand(ctx context.Context, r *Rule, ev Event, mdevName string) error {
	if !r.Command.Runs(ev.Action) {
		return nil
	}
	if d.Run == nil {
		d.logf("mdev: command not run: %s (mdev.conf line %d, %s %s; no command runner is set)",
			strings.TrimSpace(r.Command.Text), r.Line, ev.Action, ev.Name())
		return nil
	}
	env := append(ev.EnvList(), "MDEV="+mdevName)
	d.debugf("mdev: run %s (MDEV=%s)", r.Command.Text, mdevName)
	if err := d.Run(ctx, r.Command.Text, env); err != nil {
		return fmt.Errorf("command %s: %w", strings.TrimSpace(r.Command.Text), err)
	}
	return nil
}
