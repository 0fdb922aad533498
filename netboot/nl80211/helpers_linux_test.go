package nl80211

import (
	"io"
	"net"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nlenc"
)

var testFamily = genetlink.Family{ID: 28, Version: 1, Name: familyName}

// testClient returns a Client whose requests go to fn (for the request
// socket) and owner (for the sockets Connect opens), and whose event
// socket stays silent.
func testClient(t *testing.T, fn, owner genltest.Func) *Client {
	t.Helper()
	quit := make(chan struct{})
	silent := func(genetlink.Message, netlink.Message) ([]genetlink.Message, error) {
		<-quit
		return nil, net.ErrClosed
	}
	if owner == nil {
		owner = silent
	}
	conn := genltest.Dial(genltest.ServeFamily(testFamily, fn))
	events := genltest.Dial(silent)
	dial := func() (*genetlink.Conn, error) {
		return genltest.Dial(func(g genetlink.Message, n netlink.Message) ([]genetlink.Message, error) {
			if n.Header.Length == 0 {
				return silent(g, n)
			}
			return owner(g, n)
		}), nil
	}
	c, err := NewClient(conn, events, dial)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() {
		c.Close()
		close(quit)
	})
	return c
}

// expect returns a Func that checks a request has command cmd, netlink
// flags and exactly the attributes want, then answers with replies.
func expect(t *testing.T, cmd uint8, flags netlink.HeaderFlags, want []netlink.Attribute, replies ...genetlink.Message) genltest.Func {
	t.Helper()
	return genltest.CheckRequest(testFamily.ID, cmd, flags, func(greq genetlink.Message, _ netlink.Message) ([]genetlink.Message, error) {
		got, err := netlink.UnmarshalAttributes(greq.Data)
		if err != nil {
			t.Fatalf("request attributes: %v", err)
		}
		if diff := cmp.Diff(normalize(t, want), got); diff != "" {
			t.Errorf("request attributes (-want +got):\n%s", diff)
		}
		if greq.Header.Version != testFamily.Version {
			t.Errorf("request version %d, want %d", greq.Header.Version, testFamily.Version)
		}
		if len(replies) == 0 {
			return nil, io.EOF // an acknowledgement only
		}
		return replies, nil
	})
}

// normalize encodes and decodes attrs, setting lengths and nested flags
// as the wire does.
func normalize(t *testing.T, attrs []netlink.Attribute) []netlink.Attribute {
	t.Helper()
	b, err := netlink.MarshalAttributes(attrs)
	if err != nil {
		t.Fatalf("marshal expected attributes: %v", err)
	}
	out, err := netlink.UnmarshalAttributes(b)
	if err != nil {
		t.Fatalf("unmarshal expected attributes: %v", err)
	}
	return out
}

func aU32(typ uint16, v uint32) netlink.Attribute {
	return netlink.Attribute{Type: typ, Data: nlenc.Uint32Bytes(v)}
}

func aU16(typ uint16, v uint16) netlink.Attribute {
	return netlink.Attribute{Type: typ, Data: nlenc.Uint16Bytes(v)}
}

func aU8(typ uint16, v uint8) netlink.Attribute { return netlink.Attribute{Type: typ, Data: []byte{v}} }

func aFlag(typ uint16) netlink.Attribute { return netlink.Attribute{Type: typ} }

func aBytes(typ uint16, b []byte) netlink.Attribute { return netlink.Attribute{Type: typ, Data: b} }

func aString(typ uint16, s string) netlink.Attribute {
	return netlink.Attribute{Type: typ, Data: nlenc.Bytes(s)}
}

func aNested(t *testing.T, typ uint16, attrs ...netlink.Attribute) netlink.Attribute {
	t.Helper()
	b, err := netlink.MarshalAttributes(attrs)
	if err != nil {
		t.Fatal(err)
	}
	return netlink.Attribute{Type: typ | netlink.Nested, Data: b}
}

// reply builds a reply message with the attributes attrs.
func reply(t *testing.T, cmd uint8, attrs ...netlink.Attribute) genetlink.Message {
	t.Helper()
	b, err := netlink.MarshalAttributes(attrs)
	if err != nil {
		t.Fatal(err)
	}
	return genetlink.Message{Header: genetlink.Header{Command: cmd, Version: testFamily.Version}, Data: b}
}
