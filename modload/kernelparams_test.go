package modload

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKernelParamsAdd(t *testing.T) {
	type param struct {
		name, value string
		hasValue    bool
	}
	tests := []struct {
		name    string
		params  []param
		want    KernelParams
		taken   []bool
		wantErr string
	}{
		{
			name: "module parameters, normalised and quoted",
			params: []param{
				{"kvm-intel.nested", "1", true}, {"mod.p", "a b", true}, {"mod.flag", "", false},
				{"mod.two-words", "x", true}, {"mod.q", `a "b" c`, true},
			},
			want: KernelParams{Params: map[string][]string{
				"kvm_intel": {"nested=1"}, "mod": {`p="a b"`, "flag", "two_words=x", `q=a "b" c`},
			}},
			taken: []bool{true, true, true, true, true},
		},
		{
			// QEMU's usb-storage on raspi1ap needs BAD_SENSE (see e2e/machine).
			name:   "a dashed module name, a value with colons",
			params: []param{{"usb-storage.quirks", "46f4:0001:b", true}},
			want:   KernelParams{Params: map[string][]string{"usb_storage": {"quirks=46f4:0001:b"}}},
			taken:  []bool{true},
		},
		{
			name: "not modules",
			params: []param{
				{"systemd.unit", "rescue.target", true}, {"rd.luks", "0", true}, {"a/b.c", "1", true},
				{".x", "1", true}, {"quiet", "", false}, {"root", "/dev/nfs", true},
			},
			taken: []bool{false, false, false, false, false, false},
		},
		{
			name:   "blacklists",
			params: []param{{"modprobe.blacklist", "a,b", true}, {"module-blacklist", "c", true}, {"modprobe.blacklist", "", false}},
			want:   KernelParams{Blacklist: []string{"a", "b", "c"}},
			taken:  []bool{true, true, true},
		},
		{
			name:    "no parameter name",
			params:  []param{{"usbcore.", "1", true}},
			taken:   []bool{true},
			wantErr: `usbcore.=1: no parameter name after "usbcore."`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got KernelParams
			var taken []bool
			for _, p := range tt.params {
				ok, err := got.Add(p.name, p.value, p.hasValue)
				if (err == nil) != (tt.wantErr == "") || (err != nil && err.Error() != tt.wantErr) {
					t.Errorf("Add(%q, %q) error = %v, want %q", p.name, p.value, err, tt.wantErr)
				}
				taken = append(taken, ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("KernelParams (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.taken, taken); diff != "" {
				t.Errorf("taken (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzKernelParams checks what Add keeps: module names that can be
// modules' and are not user space's, '-' written '_', no comma in a
// blacklisted name.
func FuzzKernelParams(f *testing.F) {
	f.Add("brcmfmac.roamoff", "1", true)
	f.Add("modprobe.blacklist", "a,b", true)
	f.Add("mod.", "", false)
	f.Fuzz(func(t *testing.T, name, value string, hasValue bool) {
		if strings.Contains(strings.TrimPrefix(name, "="), "=") {
			return // the kernel's names end at the first '=' but a leading one
		}
		var k KernelParams
		if _, err := k.Add(name, value, hasValue); err != nil {
			return
		}
		for m, params := range k.Params {
			if !IsModuleName(m) || strings.Contains(m, "-") || notModules[m] || len(params) == 0 {
				t.Errorf("Add(%q, %q): module parameters %q for %q", name, value, params, m)
			}
			for _, p := range params {
				if pname, _, _ := strings.Cut(p, "="); pname == "" || strings.Contains(pname, "-") {
					t.Errorf("Add(%q, %q): module %s parameter %q", name, value, m, p)
				}
			}
		}
		for _, b := range k.Blacklist {
			if strings.Contains(b, ",") {
				t.Errorf("Add(%q, %q): blacklisted %q has a comma", name, value, b)
			}
		}
	})
}
