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

check: $(BIN) $(BUILD)/unit
	CK_FORK=no $(BUILD)/unit
	sh tests/cli/run.sh ./$(BIN)

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
