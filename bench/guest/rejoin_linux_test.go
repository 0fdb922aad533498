package main

import (
	"net"
	"net/netip"
	"testing"
	"time"
)

func TestProberOverLoopback(t *testing.T) {
	echo, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer echo.Close()
	go func() {
		buf := make([]byte, 256)
		for {
			n, from, err := echo.ReadFrom(buf)
			if err != nil {
				return
			}
			_, _ = echo.WriteTo(buf[:n], from)
		}
	}()
	p, err := startProber(netip.MustParseAddrPort(echo.LocalAddr().String()), uptime)
	if err != nil {
		t.Fatalf("startProber: %v", err)
	}
	start := uptime()
	deadline := time.Now().Add(5 * time.Second)
	for len(p.replies()) < 5 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	p.close()
	got := p.replies()
	if len(got) < 5 {
		t.Fatalf("%d answers in 5 s, want 5 at least", len(got))
	}
	for i, at := range got {
		if at < start-1 || (i > 0 && at < got[i-1]) {
			t.Fatalf("answer times %v: want ascending, from about %v", got, start)
		}
	}
}
