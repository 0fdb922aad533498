package boot

import (
	"testing"

	"github.com/airroot/airroot/init/app"
)

func TestAppFirst(t *testing.T) {
	tests := []struct {
		name string
		app  *app.Config
		want bool
	}{
		{name: "NFS root", want: false},
		{name: "appliance", app: &app.Config{}, want: true},
		{name: "appliance waiting for the network", app: &app.Config{WaitNetwork: true}, want: false},
	}
	for _, tt := range tests {
		if got := (&Boot{app: tt.app}).appFirst(); got != tt.want {
			t.Errorf("%s: appFirst() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
