# chiso — build, test, install.  Plain GNU make.
#
#   make                 build ./chiso
#   make run             install missing Debian packages, build, run the main job
#   make test            install missing packages, build, run every test
#   make SANITIZE=address,undefined test   the same, built with sanitizers in build-san/
#   make test-valgrind   every test under valgrind: no errors, no leaks (slow)
#   make fuzz SECONDS=N  each libFuzzer target for N seconds (clang, build-fuzz/)
#   make install PREFIX=/usr/local

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SHAREDIR   ?= $(PREFIX)/share/chiso
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
LUA_PC     ?= lua5.4
CSV_LIBS   ?= -lcsv
CC         ?= cc
CFLAGS     ?= -O2 -g
SANITIZE   ?=

VERSION := 0.1.0

# Warnings live apart from CFLAGS so that overriding CFLAGS keeps them.
WARN := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wwrite-strings -Wundef -Wformat=2 -Wpointer-arith -Wold-style-definition \
        -Wcast-qual -Wnull-dereference -Wvla
ifdef WERROR
WARN += -Werror
endif

PKGS := $(LUA_PC) libpcre2-8 libutf8proc xlsxwriter
DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(CSV_LIBS) -lm -pthread
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ifeq ($(SANITIZE),)
BUILD := build
BIN   := chiso
SANFLAGS :=
else
BUILD := build-san
BIN   := $(BUILD)/chiso
SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -DCHISO_VERSION='"$(VERSION)"' \
            -Iengine/core -Iengine/lua -MMD -MP
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SANFLAGS) $(DEP_CFLAGS) -pthread
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

CORE_SRC := $(sort $(wildcard engine/core/*.c))
LUA_SRC  := $(sort $(wildcard engine/lua/*.c))
# Lua code compiled into the binary (the rule language), as C arrays.
EMBED_SRC := engine/lua/rules_prelude.lua
EMBED_OBJ := $(patsubst engine/lua/%.lua,$(BUILD)/gen/%.o,$(EMBED_SRC))
LIB_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(CORE_SRC) $(LUA_SRC)) $(EMBED_OBJ)
MAIN_OBJ := $(BUILD)/engine/main.o

TEST_SRC  := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))

# Fuzz targets (tests/fuzz/fuzz_NAME.c).  `make tests` also builds each one
# with tests/fuzz/replay.c as replay_NAME, which runs the seed corpus and the
# regression inputs: what a fuzzer found stays fixed in every test run.
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES  := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
REPLAY_BINS := $(patsubst %,$(BUILD)/tests/replay_%,$(FUZZ_NAMES))

# Extra Debian packages that some targets need (bench, valgrind …) are added by those targets.
DEPS_EXTRA ?=

.PHONY: all deps run test check install uninstall clean tests bench test-valgrind fuzz fuzz-build
all: $(BIN)

deps:
	@sh tools/deps.sh $(DEPS_EXTRA)

# Rebuild everything when the flags change (switching SANITIZE, CFLAGS …).
FLAGS_STAMP := $(BUILD)/.flags
FLAGS_NOW := $(CC) $(ALL_CFLAGS) $(CPPFLAGS)
$(shell mkdir -p $(BUILD) && { [ -f $(FLAGS_STAMP) ] && [ "$$(cat $(FLAGS_STAMP))" = '$(FLAGS_NOW)' ] || echo '$(FLAGS_NOW)' > $(FLAGS_STAMP); })

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/gen/%.c: engine/lua/%.lua tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh chiso_$(subst -,_,$*) $< > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(BUILD)/libchiso.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libchiso.a tests/unit/test_util.h $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DCHISO_SRC_DIR='"$(CURDIR)"' -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libchiso.a $(DEP_LIBS) $(TEST_LIBS)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_util.h $(BUILD)/libchiso.a $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DCHISO_SRC_DIR='"$(CURDIR)"' -Itests/fuzz $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libchiso.a $(DEP_LIBS)

tests: $(TEST_BINS) $(REPLAY_BINS)

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) rank par 2023

test: deps
	@$(MAKE) --no-print-directory all tests
	@sh tests/run.sh $(BIN) $(TEST_BINS) $(REPLAY_BINS)

# Every cmocka binary, fuzz replay and command test under valgrind (memcheck):
# any error or definite/indirect leak fails.  Slow (minutes): the time
# limits of the hostile tests are stretched (CHISO_TIME_SCALE) and the big
# file is smaller (CHISO_BIG_MB).  PCRE2's JIT is off (valgrind cannot see
# into JIT code).
VALGRIND_OPTS ?= --leak-check=full --errors-for-leak-kinds=definite,indirect \
                 --show-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=no
test-valgrind: deps
	@sh tools/deps.sh valgrind
	@$(MAKE) --no-print-directory all tests
	@VALGRIND_OPTS='$(VALGRIND_OPTS)' sh tests/valgrind.sh $(BIN) $(TEST_BINS) $(REPLAY_BINS)

# libFuzzer: clang with -fsanitize=fuzzer,address,undefined, everything
# rebuilt in build-fuzz/.  `make fuzz SECONDS=N` runs each target N seconds
# (default 10) on a copy of its seed corpus; a crash, hang, leak or sanitizer
# report stops it and leaves the input in build-fuzz/artifacts/NAME/ (add it
# to tests/fuzz/regress/NAME/ once fixed).
FUZZ_CC     ?= clang
SECONDS     ?= 10
FUZZ_BUILD  := build-fuzz
FUZZ_CFLAGS := -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined
FUZZ_LINK   := -fsanitize=fuzzer,address,undefined
FUZZ_OBJ    := $(patsubst %.c,$(FUZZ_BUILD)/%.o,$(CORE_SRC) $(LUA_SRC)) \
               $(patsubst engine/lua/%.lua,$(FUZZ_BUILD)/gen/%.o,$(EMBED_SRC))
FUZZ_BINS   := $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZ_NAMES))

$(FUZZ_BUILD)/engine/%.o: engine/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $(DEP_CFLAGS) -pthread -c $< -o $@

$(FUZZ_BUILD)/gen/%.c: engine/lua/%.lua tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh chiso_$(subst -,_,$*) $< > $@

$(FUZZ_BUILD)/gen/%.o: $(FUZZ_BUILD)/gen/%.c
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $(DEP_CFLAGS) -DCHISO_SRC_DIR='"$(CURDIR)"' -Itests/fuzz \
	    -o $@ $< $(FUZZ_OBJ) $(FUZZ_LINK) $(DEP_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz:
	@sh tools/deps.sh clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh $(SECONDS) $(FUZZ_BINS)

check: test

# The SIPAS benchmark: 1,000,000 synthetic respondents scored end to end, against a Python baseline.
bench:
	@sh tools/deps.sh python3 time
	@$(MAKE) --no-print-directory all
	@sh bench/run.sh ./$(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/chiso
	# In a git checkout only the tracked files: not a generated benchmark file
	# or whatever else lies in the tree.
	for d in scripts rules datasets; do \
	    files=$$(git ls-files $$d 2>/dev/null); \
	    [ -n "$$files" ] || files=$$(find $$d -type f); \
	    for f in $$files; do install -D -m 0644 $$f $(DESTDIR)$(SHAREDIR)/$$f || exit 1; done; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/chiso
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build build-san build-fuzz chiso

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(wildcard $(FUZZ_BUILD)/engine/*/*.d)
