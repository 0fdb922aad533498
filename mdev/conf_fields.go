package mdev

import (
	"fmt"
	"strconv"
	"strings"
)

// parseOwner parses "uid:gid", each a number or a name ids knows.
func (r *Rule) parseOwner(s string, ids IDLookup) error {
	user, group, ok := strings.Cut(s, ":")
	if !ok {
		// busybox also takes a user alone, with that user's group; airroot
		// wants the group named.
		return fmt.Errorf("owner %q is not <uid>:<gid> (write %s:<group>)", s, s)
	}
	var err error
	if r.UID, err = resolveID(user, "user", "/etc/passwd", ids, IDLookup.UserID); err != nil {
		return err
	}
	r.GID, err = resolveID(group, "group", "/etc/group", ids, IDLookup.GroupID)
	return err
}

func resolveID(name, kind, file string, ids IDLookup, lookup func(IDLookup, string) (uint32, bool)) (uint32, error) {
	if n, err := strconv.ParseUint(name, 10, 32); err == nil {
		return uint32(n), nil
	}
	if ids != nil {
		if id, ok := lookup(ids, name); ok {
			return id, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q: not in the initramfs's %s (numbers always work)", kind, name, file)
}

// parseNode parses the optional =path, >path or ! field off *rest.
func (r *Rule) parseNode(rest *string) error {
	if *rest == "" || !strings.ContainsRune("=>!", rune((*rest)[0])) {
		return nil
	}
	field, after := nextField(*rest)
	*rest = after
	if field[0] == '!' {
		if field != "!" {
			return fmt.Errorf("%q: '!' (no node) takes nothing after it", field)
		}
		r.Node = NodeNone
		return nil
	}
	r.Node = NodeMove
	if field[0] == '>' {
		r.Node = NodeMoveLink
	}
	r.Path = field[1:]
	if !isDevRelative(r.Path) {
		return fmt.Errorf("path %q must be relative to /dev and stay in it", r.Path)
	}
	return nil
}

// isDevRelative reports whether p names something under /dev: not empty,
// not absolute, no "..".
func isDevRelative(p string) bool {
	if p == "" || p[0] == '/' {
		return false
	}
	for _, elem := range strings.Split(p, "/") {
		if elem == ".." {
			return false
		}
	}
	return true
}

// parseCommand parses the optional @, $ or * command, the rest of the line.
func (r *Rule) parseCommand(rest string) error {
	if rest == "" {
		return nil
	}
	on := CommandOn(rest[0])
	if on != OnAdd && on != OnRemove && on != OnBoth {
		return fmt.Errorf("%q: want =path, >path or ! and then @, $ or * before a command", rest)
	}
	if strings.Trim(rest[1:], confSpace) == "" {
		return fmt.Errorf("%q: empty command", rest)
	}
	r.Command = Command{On: on, Text: rest[1:]}
	return nil
}
