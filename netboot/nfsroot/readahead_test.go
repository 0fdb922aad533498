package nfsroot

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseReadahead(t *testing.T) {
	tests := []struct {
		in      string
		want    Readahead
		wantErr bool
	}{
		{in: "kernel", want: Readahead{Kernel: true}},
		{in: "0", want: Readahead{KiB: 0}},
		{in: "512", want: Readahead{KiB: 512}},
		{in: "512k", want: Readahead{KiB: 512}},
		{in: "512K", want: Readahead{KiB: 512}},
		{in: "4m", want: Readahead{KiB: 4096}},
		{in: "64M", want: Readahead{KiB: 65536}},
		{in: "65536", want: Readahead{KiB: 65536}},
		{in: "65537", wantErr: true},
		{in: "65m", wantErr: true},
		{in: "99999999999999999999m", wantErr: true},
		{in: "", wantErr: true},
		{in: "k", wantErr: true},
		{in: "-1", wantErr: true},
		{in: "+4", wantErr: true},
		{in: "4g", wantErr: true},
		{in: "4mm", wantErr: true},
		{in: "Kernel", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseReadahead(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("ParseReadahead(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), strconv.Quote(tt.in)) {
			t.Errorf("ParseReadahead(%q) error %q does not name the value", tt.in, err)
		}
	}
}

func TestReadaheadString(t *testing.T) {
	tests := []struct {
		ra   Readahead
		want string
	}{
		{Readahead{Kernel: true, KiB: 4}, "kernel"},
		{Readahead{KiB: 0}, "0k"},
		{Readahead{KiB: 128}, "128k"},
		{Readahead{KiB: 1024}, "1m"},
		{Readahead{KiB: 1536}, "1536k"},
		{Readahead{KiB: 4096}, "4m"},
	}
	for _, tt := range tests {
		if got := tt.ra.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.ra, got, tt.want)
		}
	}
}

func TestBDIReadaheadFile(t *testing.T) {
	tests := []struct {
		major, minor uint32
		want         string
	}{
		{0, 21, "/sys/class/bdi/0:21/read_ahead_kb"},
		{0, 1048575, "/sys/class/bdi/0:1048575/read_ahead_kb"},
		{8, 0, "/sys/class/bdi/8:0/read_ahead_kb"},
	}
	for _, tt := range tests {
		if got := BDIReadaheadFile(tt.major, tt.minor); got != tt.want {
			t.Errorf("BDIReadaheadFile(%d, %d) = %q, want %q", tt.major, tt.minor, got, tt.want)
		}
	}
}

func TestParseReadaheadKB(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{in: "128\n", want: 128},
		{in: "15360\n", want: 15360},
		{in: "0", want: 0},
		{in: "", wantErr: true},
		{in: "-4\n", wantErr: true},
		{in: "128 KiB\n", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseReadaheadKB(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseReadaheadKB(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// FuzzParseReadahead checks that ParseReadahead never panics, that what it accepts
// is within bounds, and that its String parses back to the same window.
func FuzzParseReadahead(f *testing.F) {
	for _, s := range []string{"kernel", "512", "512k", "4m", "64M", "", "-1", "65537", "9999999999999999999m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ra, err := ParseReadahead(in)
		if err != nil {
			return
		}
		if !ra.Kernel && (ra.KiB < 0 || ra.KiB > maxReadaheadKiB) {
			t.Fatalf("ParseReadahead(%q) = %+v: out of bounds", in, ra)
		}
		again, err := ParseReadahead(ra.String())
		if err != nil || again != ra {
			t.Fatalf("ParseReadahead(%q) = %+v; its String %q parses to %+v, %v", in, ra, ra.String(), again, err)
		}
	})
}
