// Package bootpart finds the boot partition: the card's first FAT
// partition, or the one airroot.bootpart= names by LABEL=, PARTUUID= or
// device path. It reads what it needs itself (a FAT boot sector's volume
// label, an MBR's disk signature, a GPT's partition GUIDs) instead of
// asking blkid. The parsers are pure; find_linux.go walks /sys/class/block.
package bootpart

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Kind is how a Spec picks the partition.
type Kind int

// The forms of airroot.bootpart=.
const (
	Auto     Kind = iota // the first FAT partition (no value, or "auto")
	Label                // LABEL=NAME: the FAT volume label, case-insensitive as FAT is
	PartUUID             // PARTUUID=ID: as the kernel's root=PARTUUID= (MBR: SSSSSSSS-PP; GPT: the GUID)
	Path                 // /dev/NAME
	None                 // none: no boot partition is looked for
)

// Spec is a parsed airroot.bootpart=.
type Spec struct {
	Kind  Kind
	Value string // the label, PARTUUID (lower case) or path
}

// ErrBadSpec is wrapped by ParseSpec's errors.
var ErrBadSpec = errors.New("bad boot partition")

// ParseSpec reads airroot.bootpart='s value.
func ParseSpec(s string) (Spec, error) {
	switch {
	case s == "" || s == "auto":
		return Spec{Kind: Auto}, nil
	case s == "none":
		return Spec{Kind: None}, nil
	case strings.HasPrefix(s, "LABEL="):
		return nonEmpty(Spec{Kind: Label, Value: strings.TrimPrefix(s, "LABEL=")}, s)
	case strings.HasPrefix(s, "PARTUUID="):
		return nonEmpty(Spec{Kind: PartUUID, Value: strings.ToLower(strings.TrimPrefix(s, "PARTUUID="))}, s)
	case strings.HasPrefix(s, "/dev/") && len(s) > len("/dev/"):
		return Spec{Kind: Path, Value: s}, nil
	}
	return Spec{}, fmt.Errorf("%w %q: want auto, none, LABEL=NAME, PARTUUID=ID or /dev/NAME", ErrBadSpec, s)
}

func nonEmpty(sp Spec, s string) (Spec, error) {
	if sp.Value == "" {
		return Spec{}, fmt.Errorf("%w %q: nothing after '='", ErrBadSpec, s)
	}
	return sp, nil
}

func (s Spec) String() string {
	switch s.Kind {
	case Label:
		return "LABEL=" + s.Value
	case PartUUID:
		return "PARTUUID=" + s.Value
	case Path:
		return s.Value
	case None:
		return "none"
	}
	return "the first FAT partition"
}

// Partition is one partition as Find sees it.
type Partition struct {
	Dev      string // /dev/mmcblk0p1
	FAT      bool   // its boot sector is a FAT one
	Label    string // the FAT boot sector's volume label, spaces trimmed
	PartUUID string // lower case; "" when the partition table gives none
}

// Matches reports whether p is the partition s asks for. Auto and Label
// want a FAT partition; PartUUID and Path take what they name.
func (s Spec) Matches(p Partition) bool {
	switch s.Kind {
	case Auto:
		return p.FAT
	case Label:
		return p.FAT && strings.EqualFold(p.Label, s.Value)
	case PartUUID:
		return p.PartUUID != "" && p.PartUUID == s.Value
	case Path: // by name: Finder's /dev may be elsewhere
		return filepath.Base(p.Dev) == filepath.Base(s.Value)
	}
	return false
}
