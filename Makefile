# airroot: a Go PID 1 that boots small ARM boards onto an NFS root over Wi-Fi.
#
#   make          build out/init (linux/arm, GOARM=6, static) and out/airroot (host tool)
#   make cross    also build /init for linux/arm64 and linux/amd64
#   make test     unit tests, then the QEMU end-to-end scenarios
#   make e2e      only the QEMU end-to-end scenarios (writes out/e2e/report.json)
#   make bench    airroot against the seed's userland: sizes, then interleaved Wi-Fi boots on
#                 virt and raspi1ap, NFS root and seed 004's appliance from a card
#                 (out/bench/report.json, BENCHMARKS.md, bench/boot-timeline.svg)
#   make size     only bench's sizes: /init against the seed's userland, and /init split by
#                 Go package (out/bench/sizes.md; report.json keeps its boots)
#   make demo     boot an emulated Pi 1 B+ over emulated WPA2 Wi-Fi onto an NFS root served
#                 from this machine (DEMO_BOARD=virt for the faster board; DEMO_SHELL=1 ends
#                 at a shell in the new root)

GO        ?= go
OUT       ?= out
GOFLAGS_STATIC = -trimpath -ldflags "-s -w"
E2E_FLAGS ?=
DEMO_BOARD ?= raspi1ap
BENCH_FLAGS ?=

.PHONY: all init airroot cross test unit e2e demo bench size lint clean

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
	$(GO) test -tags e2e -count=1 -v -timeout 60m ./e2e/... $(E2E_FLAGS)

test: unit e2e

demo: all
	.ci/install-deps
	$(GO) run ./e2e/cmd/demo -board $(DEMO_BOARD) $(if $(filter 1,$(DEMO_SHELL)),-shell)

bench: all
	.ci/install-deps
	$(GO) run ./bench/cmd/bench -init $(OUT)/init -airroot $(OUT)/airroot -out $(OUT)/bench $(BENCH_FLAGS)

size: all
	$(GO) run ./bench/cmd/bench -network none -appliance-runs 0 -init $(OUT)/init -airroot $(OUT)/airroot -out $(OUT)/bench -markdown $(OUT)/bench/sizes.md -chart $(OUT)/bench/boot-timeline.svg

lint:
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt -w these:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@latest ./...

clean:
	rm -rf $(OUT)
