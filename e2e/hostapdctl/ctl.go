// Package hostapdctl talks to hostapd over its control socket (ctrl_interface), the way
// hostapd_cli does: the e2e fixture asks it whether the access point is up and the e2e
// guest programs send it commands, from another network namespace and, after
// switch_root, from another root than hostapd's.
package hostapdctl

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Conn is a datagram connection to one hostapd control socket.
type Conn struct {
	ctrl string
	c    *net.UnixConn
}

// Request sends cmd (such as "STATUS" or "DEAUTHENTICATE 02:00:00:00:00:00") and returns
// hostapd's reply, waiting at most timeout.
func (c *Conn) Request(cmd string, timeout time.Duration) (string, error) {
	if err := c.c.SetDeadline(time.Now().Add(timeout)); err != nil {
		return "", c.opError(cmd, err)
	}
	if _, err := c.c.Write([]byte(cmd)); err != nil {
		return "", c.opError(cmd, err)
	}
	buf := make([]byte, 8192)
	for {
		n, err := c.c.Read(buf)
		if err != nil {
			return "", c.opError(cmd, err)
		}
		reply := string(buf[:n])
		if !IsEvent(reply) { // only an attached client gets events, but skip them anyway
			return reply, nil
		}
	}
}

func (c *Conn) opError(cmd string, err error) error {
	return fmt.Errorf("hostapd control %s: %s: %w", c.ctrl, commandName(cmd), err)
}

// Close closes the connection.
func (c *Conn) Close() error { return c.c.Close() }

// IsEvent reports whether a datagram is an unsolicited event ("<3>AP-ENABLED") rather
// than a reply.
func IsEvent(msg string) bool {
	if len(msg) < 3 || msg[0] != '<' {
		return false
	}
	end := strings.IndexByte(msg, '>')
	if end < 2 {
		return false
	}
	_, err := strconv.Atoi(msg[1:end])
	return err == nil
}

// commandName is the command's first word, so that passphrases and keys given as
// arguments stay out of error messages.
func commandName(cmd string) string {
	name, _, _ := strings.Cut(strings.TrimSpace(cmd), " ")
	return name
}
