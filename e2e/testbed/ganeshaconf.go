package testbed

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// GaneshaConfig is what one nfs-ganesha serves: host folders, on loopback ports of
// its own, over the NFS versions asked for.
type GaneshaConfig struct {
	// Exports are the folders served, each an EXPORT block of its own.
	Exports []GaneshaExport
	// Versions are the NFS major versions served: 3, 4 or both. NFSv3 needs rpcbind
	// (ganesha exits when it cannot register), NFSv4 does not.
	Versions []int
	// MinorVersions are the NFSv4 minor versions served (RFC 7530 is 4.0, RFC 8881
	// 4.1, RFC 7862 4.2); none: ganesha's default, 0, 1 and 2.
	MinorVersions []int
	// NFSPort and MountPort are the TCP ports on 127.0.0.1; MountPort serves MOUNT
	// for NFSv3 only.
	NFSPort, MountPort int
	// StateDir holds the recovery directory (NFSv4 client records).
	StateDir string
}

// GaneshaExport is one folder ganesha serves. Clients mount Path or any directory
// under it: ganesha's MOUNT looks the rest of the path up inside the export, and an
// NFSv4 client walks it from the pseudo root, so one export of /srv/boards serves
// every board's /srv/boards/<MAC>.
type GaneshaExport struct {
	// Dir is the host folder served; Path is the path clients mount it as, over
	// NFSv3 (MOUNT, with Mount_Path_Pseudo) and under NFSv4's pseudo root alike.
	Dir, Path string
	// ReadOnly serves it with Access_Type = RO: a fleet's shared root, which no
	// board may change.
	ReadOnly bool
}

// serves reports whether c serves NFS major version v.
func (c GaneshaConfig) serves(v int) bool { return slices.Contains(c.Versions, v) }

// validate says what in c cannot work.
func (c GaneshaConfig) validate() error {
	switch {
	case len(c.Exports) == 0:
		return fmt.Errorf("ganesha config: no folder to export")
	case len(c.Versions) == 0:
		return fmt.Errorf("ganesha config: no NFS version to serve")
	case c.NFSPort <= 0 || c.serves(3) && c.MountPort <= 0:
		return fmt.Errorf("ganesha config: no port (nfs %d, mount %d)", c.NFSPort, c.MountPort)
	case c.StateDir == "":
		return fmt.Errorf("ganesha config: no state directory")
	}
	paths := map[string]bool{}
	for _, x := range c.Exports {
		if err := x.validate(); err != nil {
			return err
		}
		if paths[x.Path] {
			return fmt.Errorf("ganesha config: export %q twice", x.Path)
		}
		paths[x.Path] = true
	}
	for _, v := range c.Versions {
		if v != 3 && v != 4 {
			return fmt.Errorf("ganesha config: NFS version %d: ganesha serves 3 and 4", v)
		}
	}
	for _, m := range c.MinorVersions {
		if m < 0 || m > 2 {
			return fmt.Errorf("ganesha config: NFSv4 minor version %d: ganesha serves 0, 1 and 2", m)
		}
	}
	return nil
}

// validate says what in x cannot be written as an EXPORT block.
func (x GaneshaExport) validate() error {
	switch {
	case !filepath.IsAbs(x.Dir) || strings.ContainsAny(x.Dir, "\"\n"):
		return fmt.Errorf("ganesha config: folder %q is not an absolute path", x.Dir)
	case !strings.HasPrefix(x.Path, "/") || strings.ContainsAny(x.Path, "\";{}\n"):
		return fmt.Errorf("ganesha config: export %q is not an absolute path", x.Path)
	}
	return nil
}

// recoveryDir is where ganesha keeps NFSv4 client records.
func (c GaneshaConfig) recoveryDir() string { return filepath.Join(c.StateDir, "recovery") }

// Render writes c in ganesha.conf syntax. Graceless: NFSv4 would otherwise refuse
// new state for a 90 s grace period after every start (RFC 8881 section 8.4.2), which
// no fresh test server needs. Only_Numeric_Owners: an NFSv4 root's owners must
// come as numbers, which the kernel's client takes as they are, where names
// (user@domain) need an idmapper the initramfs lacks and can hang the new root
// (see the README's NFSv4 notes). NLM and RQUOTA are off (airroot mounts with
// nolock), UDP is off (airroot mounts over TCP).
func (c GaneshaConfig) Render() string {
	protocols := joinInts(c.Versions)
	var b strings.Builder
	fmt.Fprintf(&b, "NFS_CORE_PARAM {\n\tBind_addr = 127.0.0.1;\n\tNFS_Port = %d;\n", c.NFSPort)
	if c.serves(3) {
		fmt.Fprintf(&b, "\tMNT_Port = %d;\n\tMount_Path_Pseudo = true;\n", c.MountPort)
	}
	fmt.Fprintf(&b, "\tEnable_NLM = false;\n\tEnable_RQUOTA = false;\n\tEnable_UDP = false;\n\tNFS_Protocols = %s;\n}\n", protocols)
	b.WriteString("NFS_KRB5 {\n\tActive_krb5 = false;\n}\n")
	fmt.Fprintf(&b, "NFSv4 {\n\tGraceless = true;\n\tRecoveryRoot = %q;\n\tOnly_Numeric_Owners = true;\n", c.recoveryDir())
	if len(c.MinorVersions) > 0 {
		fmt.Fprintf(&b, "\tMinor_Versions = %s;\n", joinInts(c.MinorVersions))
	}
	b.WriteString("}\n")
	for i, x := range c.Exports {
		x.render(&b, i+1, protocols)
	}
	return b.String()
}

// render writes x as EXPORT block id.
func (x GaneshaExport) render(b *strings.Builder, id int, protocols string) {
	access := "RW"
	if x.ReadOnly {
		access = "RO"
	}
	fmt.Fprintf(b, "EXPORT {\n\tExport_Id = %d;\n\tPath = %q;\n\tPseudo = %q;\n", id, x.Dir, x.Path)
	fmt.Fprintf(b, "\tAccess_Type = %s;\n\tSquash = No_Root_Squash;\n\tSecType = sys;\n\tProtocols = %s;\n\tTransports = TCP;\n", access, protocols)
	b.WriteString("\tFSAL {\n\t\tName = VFS;\n\t}\n}\n")
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
