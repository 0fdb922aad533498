package machine

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
)

func TestMain(m *testing.M) {
	switch os.Getenv(testutil.HelperEnv) {
	case "qemu":
		fakeQEMU(os.Args[1:])
	default:
		os.Exit(m.Run())
	}
}

// fakeQEMU runs its arguments as steps: print:TEXT (console line), stderr:TEXT, pid
// (prints "pid=N"), sleep (forever), exit:N.
func fakeQEMU(steps []string) {
	for _, step := range steps {
		op, arg, _ := strings.Cut(step, ":")
		switch op {
		case "print":
			fmt.Println(arg)
		case "stderr":
			fmt.Fprintln(os.Stderr, arg)
		case "pid":
			fmt.Printf("pid=%d\n", os.Getpid())
		case "sleep":
			time.Sleep(time.Hour)
		case "exit":
			code, _ := strconv.Atoi(arg)
			os.Exit(code)
		}
	}
	os.Exit(0)
}
