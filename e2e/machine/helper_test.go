package machine

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// helperEnv makes the test binary act as a fake tool (the os/exec helper-process pattern).
const helperEnv = "HARNESS_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
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

// helperBinary is the test binary, to run as a fake tool with helperEnv set.
func helperBinary(t *testing.T, role string) string {
	t.Helper()
	t.Setenv(helperEnv, role)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}
