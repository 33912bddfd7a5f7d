# Fuzz targets of a component, included by its Makefile. Each
# tests/fuzz/fuzz_NAME.c is a libFuzzer binary linked against the component's
# sources built again with the fuzzer's coverage and the same sanitizers, into
# an archive so each target pulls in only what it uses. NAME's seeds are
# tests/fuzz/NAME/ (with the inputs fuzzing found, kept in regressions/) and
# tests/fixtures/NAME/, if any. `make test` replays them (tests/fuzz.test);
# `make fuzz` fuzzes each target for FUZZ_SECONDS on a working copy in
# $(BUILD)/fuzz/NAME.
#
# The including Makefile sets: FUZZ_COMPONENT (a name), FUZZ_OBJS (its objects
# under $(OBJDIR) that the targets link), FUZZ_EXTRA_CFLAGS, FUZZ_LDLIBS.
FUZZ_CC      := clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -pthread \
                -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
                $(FUZZ_EXTRA_CFLAGS)
FUZZ_OBJDIR  := $(BUILD)/obj/$(FUZZ_COMPONENT)-fuzz
FUZZ_LIB     := $(FUZZ_OBJDIR)/lib$(FUZZ_COMPONENT)-fuzz.a
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(patsubst %,$(BUILD)/fuzz/bin/fuzz_%,$(FUZZ_NAMES))

.PHONY: fuzz fuzz-targets
fuzz-targets: $(FUZZ_BINS)

# sources in src/ or in its folders (the harness groups them by stage)
$(FUZZ_OBJDIR)/%.o: src/%.c $(wildcard src/*.h src/*.inc src/*/*.h src/*/*.inc) | $(FUZZ_OBJDIR)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(patsubst $(OBJDIR)/%,$(FUZZ_OBJDIR)/%,$(FUZZ_OBJS))
	rm -f $@ && ar rcs $@ $^

$(BUILD)/fuzz/bin/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_LIB) | $(BUILD)/fuzz/bin
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< $(FUZZ_LIB) $(FUZZ_LDLIBS)

fuzz: $(FUZZ_BINS)
	@status=0; for t in $(FUZZ_NAMES); do \
	    sh ../ci/run-fuzz $(BUILD)/fuzz/bin/fuzz_$$t $(FUZZ_SECONDS) $(BUILD)/fuzz/$$t \
	        tests/fuzz/$$t tests/fixtures/$$t || status=1; \
	done; exit $$status

$(FUZZ_OBJDIR) $(BUILD)/fuzz/bin:
	mkdir -p $@
