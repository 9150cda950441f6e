# Thin wrapper over CMake for the README's commands.
#   make up     bring up a local single-node cluster (deploy/local-up.sh)
#   make test   install what is needed, build, run the whole test suite
#   make        build only (build/)
JOBS ?= $(shell nproc)

.PHONY: all build deps test up down clean format

all: build

deps:
	@./deploy/install-deps.sh

build: deps
	@cmake -S . -B build -DKC_WERROR=ON >/dev/null
	@cmake --build build -j$(JOBS)

test: deps
	@./tests/run-all.sh

up: build
	@./deploy/local-up.sh

down:
	@./deploy/local-up.sh --down

format:
	@git ls-files '*.c' '*.h' | xargs clang-format -i

clean:
	rm -rf build build-asan build-fuzz
