# racecheck: top-level Makefile. It only installs prerequisites and delegates to
# the components; each component finds its sources by wildcard.
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   := $(CURDIR)/build
export BUILD PREFIX DESTDIR

.PHONY: all deps detector harness test crosscheck examples catalogue readme-kinds bench bench-harness bench-instructions bench-scale pictures fuzz install uninstall deb clean

all: detector harness

# The Debian packages the goals need (ci/install-deps): the runtime set for
# building and running racecheck, the test set only for the targets that test
# or measure, the package set for make deb. One call, before anything builds.
# INSTALL_DEPS=no skips it (the Debian package's build: Build-Depends).
DEPS_SETS := runtime $(if $(filter test bench bench-scale,$(MAKECMDGOALS)),test) \
             $(if $(filter deb,$(MAKECMDGOALS)),package)
INSTALL_DEPS ?= yes
deps:
ifneq ($(INSTALL_DEPS),no)
	@sh ci/install-deps $(DEPS_SETS)
endif

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

# The README's pictures, drawn from the catalogue (docs/pictures/make.sh).
pictures: examples
	@sh ci/install-deps test
	@sh docs/pictures/make.sh $(BUILD)

# Time to a verdict: check, crosscheck and an audit of 100 submissions, per tool.
HARNESS_RESULTS := harness/bench/results/$(shell date -u +%Y-%m-%d-%H%M).txt
bench-harness: all
	@mkdir -p harness/bench/results
	@sh harness/bench/time-to-verdict.sh $(BUILD) | tee $(HARNESS_RESULTS); echo "results in $(HARNESS_RESULTS)"

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

# The Debian package (debian/), built from a copy of this tree and checked
# with lintian: build/deb/racecheck_VERSION_ARCH.deb.
deb: deps
	@sh ci/build-deb $(BUILD)/deb

clean:
	rm -rf $(BUILD)
