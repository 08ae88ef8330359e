# Thin wrapper over the CMake presets. Every target installs missing packages first
# (packaging/install-deps.sh is idempotent and quick when nothing is missing), then
# configures once and rebuilds only what changed.
PRESET ?= release
BUILD := build/$(PRESET)
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test fuzz bench clean

all: build

deps:
	@packaging/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset $(PRESET)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

# Launches the workbench. Without a display (a server, CI) it runs under Xvfb.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  ./$(BUILD)/app/modelbench $(ARGS); \
	else \
	  echo "No display found: starting under Xvfb (invisible). Set DISPLAY to see the window."; \
	  xvfb-run -a ./$(BUILD)/app/modelbench $(ARGS); \
	fi

test: build
	ctest --preset $(PRESET)

# Runs each libFuzzer target (clang, ASan, UBSan) for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps
	tests/fuzz/run-fuzz.sh csv $(FUZZ_SECONDS)
	tests/fuzz/run-fuzz.sh numeric-instances $(FUZZ_SECONDS)

# Benchmarks beside their anchors (not part of `make test`); see BENCHMARKS.md.
bench: build
	packaging/install-bench-deps.sh
	tests/bench/run-all.sh

clean:
	rm -rf build
