# airroot: a Go PID 1 that boots small ARM boards onto an NFS root over Wi-Fi.
#
#   make          build out/init (linux/arm, GOARM=6, static) and out/airroot (host tool)
#   make cross    also build /init for linux/arm64 and linux/amd64
#   make test     unit tests, then the QEMU end-to-end scenarios
#   make e2e      only the QEMU end-to-end scenarios (writes out/e2e/report.json)
#   make bench    airroot against the seed's userland: sizes, then interleaved Wi-Fi boots on
#                 virt and raspi1ap (out/bench/report.json, BENCHMARKS.md, bench/boot-timeline.svg)
#   make demo     boot a virtual Pi 1 B+ onto an NFS root served from this machine
#                 (DEMO_BOARD=virt for the faster board; over Ethernet until Wi-Fi lands)

GO        ?= go
OUT       ?= out
GOFLAGS_STATIC = -trimpath -ldflags "-s -w"
E2E_FLAGS ?=
DEMO_BOARD ?= raspi1ap
BENCH_FLAGS ?=

.PHONY: all init airroot cross test unit e2e demo bench lint clean

all: init airroot

init:
	CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=6 $(GO) build $(GOFLAGS_STATIC) -o $(OUT)/init ./cmd/init

airroot:
	CGO_ENABLED=0 $(GO) build $(GOFLAGS_STATIC) -o $(OUT)/airroot ./cmd/airroot

cross: init
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build $(GOFLAGS_STATIC) -o $(OUT)/init-arm64 ./cmd/init
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build $(GOFLAGS_STATIC) -o $(OUT)/init-amd64 ./cmd/init

unit:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

e2e: all
	$(GO) test -tags e2e -count=1 -v -timeout 45m ./e2e/... $(E2E_FLAGS)

test: unit e2e

demo: all
	.ci/install-deps
	AIRROOT_E2E_BOARDS=$(DEMO_BOARD) $(GO) test -tags e2e -count=1 -timeout 20m \
		-run 'TestScenarios/boot/$(DEMO_BOARD)-ethernet$$' ./e2e/ > $(OUT)/demo.log 2>&1 || \
		{ tail -40 $(OUT)/demo.log; echo "demo: the boot failed; see $(OUT)/e2e/$(DEMO_BOARD)-ethernet.console.log"; exit 1; }
	@grep -a 'airroot: ' $(OUT)/e2e/$(DEMO_BOARD)-ethernet.console.log | grep -v 'timeline {'
	@grep -a 'AIRROOT-E2E-RESULT' $(OUT)/e2e/$(DEMO_BOARD)-ethernet.console.log | head -1
	@echo
	@grep -a 'passed in' $(OUT)/demo.log | sed 's/^ *e2e_test.go:[0-9]*: /demo: /'
	@echo "demo: a $(DEMO_BOARD) board booted airroot's /init, leased an address, mounted its NFS root from this machine"
	@echo "demo: and ran the root's /sbin/init as PID 1 (its checks are the RESULT line above)."
	@echo "demo: full console: $(OUT)/e2e/$(DEMO_BOARD)-ethernet.console.log"

bench: all
	.ci/install-deps
	$(GO) run ./bench/cmd/bench -init $(OUT)/init -airroot $(OUT)/airroot -out $(OUT)/bench $(BENCH_FLAGS)

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@latest ./...

clean:
	rm -rf $(OUT)
