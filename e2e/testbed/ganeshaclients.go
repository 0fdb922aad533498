package testbed

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// NFSv4Clients are the NFSv4 clients ganesha holds state for: the client
// owner string each gave in EXCHANGE_ID or SETCLIENTID ("Linux NFSv4.2
// airroot-mac-52:54:00:f1:ee:01/(none)"), one per client the server tells
// apart, read from the names of its recovery directory's records.
func (g *Ganesha) NFSv4Clients() ([]string, error) {
	nodes, err := filepath.Glob(filepath.Join(g.cfg.recoveryDir(), "v4recov", "*"))
	if err != nil {
		return nil, fmt.Errorf("list ganesha's NFSv4 clients: %w", err)
	}
	var owners []string
	for _, node := range nodes {
		entries, err := os.ReadDir(node)
		if err != nil {
			return nil, fmt.Errorf("list ganesha's NFSv4 clients: %w", err)
		}
		for _, e := range entries {
			owner, ok := ClientOwner(e.Name())
			if !ok {
				return nil, fmt.Errorf("list ganesha's NFSv4 clients: %s: not a client record", filepath.Join(node, e.Name()))
			}
			owners = append(owners, owner)
		}
	}
	return owners, nil
}

// ClientOwner is the client owner string in the name of one of ganesha's
// recovery records, "<client address>-(<length>:<owner>)", where ganesha
// writes an owner that a file name cannot hold ("Linux NFSv4.2 id/host" has
// a slash) as "0x" and its bytes in hex, which ClientOwner decodes; ok is
// false for any other name.
func ClientOwner(record string) (owner string, ok bool) {
	_, rest, ok := strings.Cut(record, "-(")
	if !ok || !strings.HasSuffix(rest, ")") {
		return "", false
	}
	n, owner, ok := strings.Cut(strings.TrimSuffix(rest, ")"), ":")
	if !ok || n != fmt.Sprint(len(owner)) {
		return "", false
	}
	if h, isHex := strings.CutPrefix(owner, "0x"); isHex {
		if b, err := hex.DecodeString(h); err == nil {
			return string(b), true
		}
	}
	return owner, true
}
