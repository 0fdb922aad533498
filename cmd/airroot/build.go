package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/airroot/airroot/init/initramfs"
)

// listFlag collects repeatable, comma-separated values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func runBuild(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("airroot build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var (
		spec    initramfs.Spec
		modules listFlag
		adds    listFlag
		out     = fl.String("o", "initramfs.cpio.gz", "write the initramfs to this file")
		compr   = fl.String("compress", "gzip", "compression: gzip or none")
	)
	fl.StringVar(&spec.Init, "init", "out/init", "airroot's /init binary (built by make)")
	fl.StringVar(&spec.ModulesDir, "modules-dir", "", "the kernel's modules tree (lib/modules/KVER)")
	fl.Var(&modules, "modules", "modules to load at boot, comma-separated (their dependencies come along)")
	fl.Var(&adds, "add", "add a file: HOSTPATH:/PATH/IN/INITRAMFS (repeatable)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	spec.Modules = modules
	for _, s := range adds {
		e, err := initramfs.ParseExtra(s)
		if err != nil {
			return err
		}
		spec.Extra = append(spec.Extra, e)
	}
	a, err := initramfs.Build(spec)
	if err != nil {
		return err
	}
	raw, err := a.Bytes()
	if err != nil {
		return err
	}
	data, err := compress(raw, *compr)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write initramfs: %w", err)
	}
	printSummary(stdout, a.Entries())
	fmt.Fprintf(stdout, "wrote %s: %s (%s uncompressed)\n", *out, size(int64(len(data))), size(int64(len(raw))))
	return nil
}

func compress(raw []byte, how string) ([]byte, error) {
	switch how {
	case "none":
		return raw, nil
	case "gzip":
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if _, err := zw.Write(raw); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("--compress %q: want gzip or none", how)
}

func printSummary(w io.Writer, entries []initramfs.Entry) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, e := range entries {
		fmt.Fprintf(tw, "/%s\t%s\t%s\n", e.Name, size(e.Size), e.Why)
	}
	tw.Flush()
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
