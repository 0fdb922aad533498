package automount

import (
	"strings"
	"testing"
)

func TestDirName(t *testing.T) {
	tests := []struct {
		name, label, dev string
		taken            []string
		want             string
	}{
		{"label", "STICK", "sda1", nil, "STICK"},
		{"no label: the device", "", "sda1", nil, "sda1"},
		{"a slash", "a/b", "sda1", nil, "a_b"},
		{"white space", " MY  DRIVE ", "sda1", nil, "MY__DRIVE"},
		{"dot dot", "..", "sdb1", nil, "sdb1"},
		{"dots only", "...", "sdb1", nil, "sdb1"},
		{"one dot", ".", "sdb1", nil, "sdb1"},
		{"dots in a name stay", "..x", "sdb1", nil, "..x"},
		{"not UTF-8", "caf\xe9", "sda1", nil, "caf_"},
		{"control characters", "a\x00b\x1bc", "sda1", nil, "a_b_c"},
		{"taken: a suffix", "STICK", "sdb1", []string{"STICK"}, "STICK-2"},
		{"taken twice", "STICK", "sdc1", []string{"STICK", "STICK-2"}, "STICK-3"},
		{"no label, device taken", "", "sda1", []string{"sda1"}, "sda1-2"},
		{"too long a name", strings.Repeat("x", maxName+1), "sda1", nil, "sda1"},
		{"nothing usable", "..", "..", nil, "disk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken := func(s string) bool {
				for _, x := range tt.taken {
					if x == s {
						return true
					}
				}
				return false
			}
			if got := DirName(tt.label, tt.dev, taken); got != tt.want {
				t.Errorf("DirName(%q, %q) = %q, want %q", tt.label, tt.dev, got, tt.want)
			}
		})
	}
}

func TestParseOption(t *testing.T) {
	tests := []struct {
		value         string
		on, readWrite bool
		wantErr       bool
	}{
		{"", true, false, false}, {"1", true, false, false}, {"on", true, false, false},
		{"yes", true, false, false}, {"true", true, false, false}, {"ro", true, false, false},
		{"rw", true, true, false},
		{"0", false, false, false}, {"off", false, false, false}, {"no", false, false, false}, {"false", false, false, false},
		{"sometimes", false, false, true}, {"RW", false, false, true},
	}
	for _, tt := range tests {
		on, rw, err := ParseOption(tt.value)
		if on != tt.on || rw != tt.readWrite || (err != nil) != tt.wantErr {
			t.Errorf("ParseOption(%q) = %v, %v, %v; want %v, %v, error %v", tt.value, on, rw, err, tt.on, tt.readWrite, tt.wantErr)
		}
	}
}
