# racecheck: top-level Makefile. It only installs prerequisites and delegates to
# the components; each component finds its sources by wildcard.
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   := $(CURDIR)/build
export BUILD PREFIX DESTDIR

.PHONY: all deps detector harness test crosscheck examples catalogue readme-kinds bench bench-scale bench-instructions fuzz install uninstall clean

all: detector harness

deps:
	@sh ci/install-deps

detector: deps
	@$(MAKE) --no-print-directory -C detector

harness: deps
	@$(MAKE) --no-print-directory -C harness

# Builds every test, runs them all and ends with one line "N passed, N failed".
test: all
	@$(MAKE) --no-print-directory -C detector tests
	@$(MAKE) --no-print-directory -C harness tests
	@sh ci/run-tests $(BUILD)/tests detector/tests harness/tests

crosscheck: all
	@$(BUILD)/bin/racecheck crosscheck

examples: all
	@$(MAKE) --no-print-directory -C harness examples

catalogue:
	@$(MAKE) --no-print-directory -C harness catalogue

# README.md's table of finding kinds, from the vocabulary (harness/tests/docs.test
# fails while it is out of date).
readme-kinds: harness
	@sh harness/readme-kinds $(BUILD)/bin/racecheck README.md

# Measurements go to a dated file next to the benchmarks, not into the README.
BENCH_RESULTS := detector/bench/results/$(shell date -u +%Y-%m-%d-%H%M).txt
bench: all
	@mkdir -p detector/bench/results
	@{ $(MAKE) --no-print-directory -C detector bench; echo $$? >$(BENCH_RESULTS).status; } 2>&1 | \
	    tee $(BENCH_RESULTS); status=$$(cat $(BENCH_RESULTS).status); rm -f $(BENCH_RESULTS).status; \
	    echo "results in $(BENCH_RESULTS)"; exit $$status

bench-scale: all
	@$(MAKE) --no-print-directory -C detector bench-scale

# Instruction counts (Callgrind) natively and under the detector: stable on a
# busy machine, unlike the wall times of make bench.
bench-instructions: all
	@$(MAKE) --no-print-directory -C detector bench-instructions

# Fuzzes every parser of untrusted text for FUZZ_SECONDS each (default 60);
# inputs that crash a target are kept in build/fuzz/NAME/crashes.
FUZZ_SECONDS ?= 60
export FUZZ_SECONDS
fuzz: deps
	@$(MAKE) --no-print-directory -C detector fuzz
	@$(MAKE) --no-print-directory -C harness fuzz

install: all
	@$(MAKE) --no-print-directory -C detector install
	@$(MAKE) --no-print-directory -C harness install

uninstall:
	@$(MAKE) --no-print-directory -C detector uninstall
	@$(MAKE) --no-print-directory -C harness uninstall

clean:
	rm -rf $(BUILD)
