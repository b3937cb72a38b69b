# gkledger — build, test, install.
# Settings
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
LDLIBS   += -lpthread
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share/gkledger
BUILD    ?= build
BIN      ?= gkledger
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
VERSION  = 0.1.0

CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lm -lpthread)

SRCS     = $(wildcard src/*.c)
LIBSRCS  = $(filter-out src/main.c,$(SRCS))
OBJS     = $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/cal_builtin.o
LIBOBJS  = $(LIBSRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/cal_builtin.o
TESTSRCS = $(wildcard tests/test_*.c)
# the fuzz harnesses, replayed on their corpora by `make check`
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
TESTOBJS = $(TESTSRCS:tests/%.c=$(BUILD)/tests/%.o) $(BUILD)/tests/runner.o $(BUILD)/tests/suites.o

ALL_CFLAGS = $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -DGK_VERSION='"$(VERSION)"'

all: $(BIN)

$(BIN): $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The national calendar is compiled in: data/calendar/cn.tsv -> C table.
$(BUILD)/cal_builtin.c: data/calendar/cn.tsv tools/cal2c.awk | $(BUILD)
	awk -f tools/cal2c.awk data/calendar/cn.tsv > $@.tmp && mv $@.tmp $@
$(BUILD)/cal_builtin.o: $(BUILD)/cal_builtin.c src/cal.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/tests

# Tests: every tests/test_*.c defines one or more `Suite *NAME_suite(void)`;
# the list of suites is collected from the sources, so a new file needs no edit here.
$(BUILD)/tests/suites.c: $(TESTSRCS) tests/mksuites.sh | $(BUILD)
	sh tests/mksuites.sh $(TESTSRCS) > $@.tmp && mv $@.tmp $@
$(BUILD)/tests/%.o: tests/%.c $(wildcard src/*.h) tests/testutil.h | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Isrc -Itests -c -o $@ $<
$(BUILD)/tests/suites.o: $(BUILD)/tests/suites.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -c -o $@ $<
$(BUILD)/unit: $(TESTOBJS) $(LIBOBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TESTOBJS) $(LIBOBJS) $(CHECK_LIBS) $(LDLIBS)

check: $(BIN) $(BUILD)/unit $(FUZZ_NAMES:%=$(BUILD)/tests/replay_%)
	CK_FORK=no $(BUILD)/unit
	sh tests/cli/run.sh ./$(BIN)
	sh tests/broken/run.sh ./$(BIN)
	@for n in $(FUZZ_NAMES); do \
		$(BUILD)/tests/replay_$$n tests/fuzz/corpus/$$n tests/fuzz/regress/$$n || exit 1; \
	done

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
sanitize:
	$(MAKE) BUILD=build/san BIN=build/san/gkledger EXTRA_CFLAGS='$(SAN)' CFLAGS='-O1 -g' check

install: $(BIN)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(DATADIR)
	cp -f $(BIN) $(DESTDIR)$(BINDIR)/gkledger
	chmod 755 $(DESTDIR)$(BINDIR)/gkledger
	cp -f man/gkledger.1 $(DESTDIR)$(MANPREFIX)/man1/
	for f in man/*.5; do [ -e "$$f" ] && cp -f $$f $(DESTDIR)$(MANPREFIX)/man5/ || true; done
	cp -R data/calendar data/2023 $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gkledger $(DESTDIR)$(MANPREFIX)/man1/gkledger.1
	for f in man/*.5; do rm -f $(DESTDIR)$(MANPREFIX)/man5/$$(basename $$f); done
	rm -rf $(DESTDIR)$(DATADIR)

lint-man:
	mandoc -Tlint -Wwarning man/gkledger.1

clean:
	rm -rf build $(BIN)

.PHONY: all check sanitize install uninstall clean lint-man

# --- Hostile input: the broken-input catalogue, fuzzing, coverage (issue 5) ---

# The catalogue of broken inputs: each tests/broken/cases/NAME.case names the
# diagnostics (code, file, line, column) and the exit status expected.
check-broken: $(BIN)
	sh tests/broken/run.sh ./$(BIN)

# libFuzzer harnesses (clang): the project's sources except main.c built with
# the fuzzer's instrumentation, one binary per tests/fuzz/fuzz_NAME.c.
# `make fuzz` runs each for FUZZ_SECONDS from its committed seed corpus
# (tests/fuzz/corpus/NAME/); inputs it finds go to build/fuzz/work/NAME/,
# crashes to build/fuzz/crash-NAME-*: copy a crash into tests/fuzz/regress/NAME/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAXLEN  ?= 65536
FUZZ_FLAGS   ?= -max_len=$(FUZZ_MAXLEN) -rss_limit_mb=2048 -timeout=10
# UBSan reports are recoverable so that tests/fuzz/ubsan.supp can set known ones
# aside; halt_on_error makes every other one a crash.
FUZZ_SAN      = -fsanitize=address,undefined -fsanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_ENV      = UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=tests/fuzz/ubsan.supp
FUZZ_BUILD    = build/fuzz
FUZZ_OBJS     = $(LIBSRCS:src/%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/cal_builtin.o
FUZZ_CFLAGS   = $(WARN) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -fsanitize-coverage-ignorelist=tests/fuzz/ignore.txt -DGK_VERSION='"$(VERSION)"'

$(FUZZ_BUILD)/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_BUILD)/cal_builtin.o: $(BUILD)/cal_builtin.c src/cal.h
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -Isrc -c -o $@ $<
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< $(FUZZ_OBJS) $(LDLIBS)

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

fuzz: fuzz-build
	@for n in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_BUILD)/work/$$n || exit 1; \
		echo "fuzz_$$n: $(FUZZ_SECONDS) s"; \
		$(FUZZ_ENV) $(FUZZ_BUILD)/fuzz_$$n $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$n- \
			$(FUZZ_BUILD)/work/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

# The harnesses without libFuzzer, built with $(CC): every seed and every
# regression input (tests/fuzz/regress/NAME/) once, as part of the suite.
$(BUILD)/tests/replay.o: tests/fuzz/replay.c | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<
$(BUILD)/tests/fuzz_%.o: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Isrc -c -o $@ $<
$(BUILD)/tests/replay_%: $(BUILD)/tests/fuzz_%.o $(BUILD)/tests/replay.o $(LIBOBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

check-fuzz: $(FUZZ_NAMES:%=$(BUILD)/tests/replay_%)
	@for n in $(FUZZ_NAMES); do \
		$(BUILD)/tests/replay_$$n tests/fuzz/corpus/$$n tests/fuzz/regress/$$n || exit 1; \
	done

# Line and branch coverage of src/ by the whole suite (gcc + gcov, -O0).
COV_BUILD = build/cov
coverage:
	rm -rf $(COV_BUILD)
	$(MAKE) CC=gcc BUILD=$(COV_BUILD) BIN=$(COV_BUILD)/gkledger CFLAGS='-O0 -g --coverage' LDFLAGS=--coverage \
		$(COV_BUILD)/gkledger $(COV_BUILD)/unit $(FUZZ_NAMES:%=$(COV_BUILD)/tests/replay_%)
	CK_FORK=no $(COV_BUILD)/unit
	sh tests/cli/run.sh $(COV_BUILD)/gkledger
	sh tests/broken/run.sh $(COV_BUILD)/gkledger
	$(MAKE) CC=gcc BUILD=$(COV_BUILD) BIN=$(COV_BUILD)/gkledger CFLAGS='-O0 -g --coverage' LDFLAGS=--coverage check-fuzz
	@$(MAKE) -s coverage-report

# The figures of the last `make coverage`, per file of src/ and in total
# (gcov's own summaries, summed): lines executed, branches taken at least once.
coverage-report:
	@cd $(COV_BUILD) && gcov -b -n -o . $(SRCS:src/%=../../src/%) 2>/dev/null | awk ' \
		function pct(s) { sub(/.*:/, "", s); sub(/%.*/, "", s); return s + 0 } \
		/^File / { f = $$2; gsub(/\047/, "", f); sub(/.*\//, "", f); keep = f ~ /\.c$$/; nl = nb = 0; next } \
		!keep { next } \
		/^Lines executed:/ && !nl { nl = 1; n = $$NF; l = int(pct($$2) * n / 100 + 0.5); L[f] = l; LN[f] = n; tl += l; tn += n; next } \
		/^Taken at least once:/ && !nb { nb = 1; n = $$NF; b = int(pct($$4) * n / 100 + 0.5); B[f] = b; BN[f] = n; tb += b; tbn += n; next } \
		/^Calls executed:|^No calls/ { keep = 0 } \
		END { printf "%-16s %14s %16s\n", "file", "lines", "branches"; \
		      for (f in L) printf "%-16s %6.2f%% %6d %7.2f%% %7d\n", f, LN[f] ? 100 * L[f] / LN[f] : 100, LN[f], BN[f] ? 100 * B[f] / BN[f] : 100, BN[f] | "sort"; \
		      close("sort"); \
		      printf "%-16s %6.2f%% %6d %7.2f%% %7d\n", "TOTAL", 100 * tl / tn, tn, 100 * tb / tbn, tbn }'

.SECONDARY: $(FUZZ_OBJS)
.PHONY: check-broken fuzz fuzz-build check-fuzz coverage coverage-report

# Benchmark (issue 7, SPEC §8): generated workspaces of 10^4..10^7 ledger lines under
# $(BUILD)/bench, timed beside wc -l and an awk program, and checked against it.
# BENCH_SIZES="10000 100000" and BENCH_RUNS=3 choose; see tools/bench.sh.
$(BUILD)/benchgen: tools/benchgen.c | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tools/benchgen.c
$(BUILD)/benchcal: tools/benchcal.c $(LIBOBJS) $(wildcard src/*.h)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Isrc $(LDFLAGS) -o $@ tools/benchcal.c $(LIBOBJS) $(LDLIBS)
bench: $(BIN) $(BUILD)/benchgen $(BUILD)/benchcal
	GKLEDGER=./$(BIN) BENCH_GEN=$(BUILD)/benchgen BENCH_CAL=$(BUILD)/benchcal BENCH_DIR=$(BUILD)/bench sh tools/bench.sh
.PHONY: bench
