/* sandbox.h — the Lua state in which rule files run.
 *
 * Rule files (methodologies, scenarios, directives, extraction patterns) are
 * untrusted input.  A sandbox is a separate lua_State with:
 *  - only the base, coroutine, string, table, math and utf8 libraries; io,
 *    os, debug, package, dofile, loadfile, string.dump, collectgarbage are
 *    stubs that raise "FILE:LINE: io.open is not available in rule files"
 *    (naming what was called); load accepts text chunks only;
 *  - require resolving module names only under the given roots
 *    ("lib.par" -> ROOT/lib/par.lua), each module loaded once;
 *  - strict globals: reading an undefined name is an error that suggests the
 *    closest defined name; shared tables (libraries, engine functions) are
 *    read-only with protected metatables;
 *  - deterministic pairs (sorted keys) and a seeded math.random; print
 *    writes "FILE:LINE: ..." to stderr;
 *  - an instruction budget per run and a memory cap; exceeding either gives
 *    "FILE:LINE: instruction budget exceeded" / "FILE:LINE: memory limit (N
 *    MiB) exceeded" (and runaway recursion "FILE:LINE: stack overflow (more
 *    than 100000 nested calls)"), which pcall inside the rule file cannot
 *    swallow.  Work done in C is charged too: Lua patterns step by step,
 *    table and string functions by size, every allocation by its bytes (one
 *    instruction per 16).  A CPU-time backstop per run (10 s by default)
 *    catches what no count sees ("FILE:LINE: time limit exceeded").  After
 *    a limit error the sandbox is dead: every later run fails at once.
 */
#ifndef CHISO_SANDBOX_H
#define CHISO_SANDBOX_H

#include <lua.h>

#include "diag.h"

#define SANDBOX_DEFAULT_MEMORY_MIB 64
#define SANDBOX_DEFAULT_INSTRUCTIONS 50000000LL
#define SANDBOX_DEFAULT_SECONDS 10.0

typedef struct SandboxOptions {
    size_t memory_mib;          /* 0: SANDBOX_DEFAULT_MEMORY_MIB */
    long long instructions;     /* per run; 0: SANDBOX_DEFAULT_INSTRUCTIONS */
    const char *const *roots;   /* NULL-terminated directories for require; may be NULL */
    unsigned long long seed;    /* math.random seed */
    double seconds;             /* CPU seconds per run; 0: CHISO_MAX_SECONDS from the
                                   environment, else SANDBOX_DEFAULT_SECONDS */
} SandboxOptions;

typedef struct Sandbox Sandbox;

Sandbox *sandbox_new(const SandboxOptions *o, Diag *d);
void sandbox_free(Sandbox *sb);
lua_State *sandbox_state(Sandbox *sb);

/* Pop the value on top of the sandbox stack and make it a read-only global
 * of every rule file run afterwards (engine-provided functions and tables;
 * a table is seen through a read-only proxy, nested tables too).  Values
 * built in the sandbox state between runs count toward the memory cap but
 * are never refused: the cap is enforced while rule code runs. */
void sandbox_define(Sandbox *sb, const char *name);

/* Load a rule file (text only) and run it under the limits in a fresh
 * environment; on success its first return value (nil if none) is left on top
 * of the sandbox stack.  Returns 0, or -1 with d filled. */
int sandbox_dofile(Sandbox *sb, const char *path, Diag *d);

/* Run trusted engine code (a text chunk named `chunkname`) in a fresh
 * environment like a rule file's, under the limits, with the nargs values on
 * top of the stack as its arguments (...).  Its first result is left on top.
 * This is how the rule language itself is installed: the code gets
 * privileged values (a position function) only through its arguments.
 * Returns 0, or -1 with d filled (the arguments are popped either way). */
int sandbox_run_code(Sandbox *sb, const char *chunkname, const char *code, size_t len, int nargs, Diag *d);

/* Call the function below nargs arguments on the sandbox stack under the
 * limits (a fresh budget), leaving nresults results.  Returns 0 or -1 with d
 * filled ("FILE:LINE: message" of the rule code that failed); the stack is
 * then as before the function was pushed. */
int sandbox_call(Sandbox *sb, int nargs, int nresults, Diag *d);

/* The file of the current run (rule file or function), from a sandbox's
 * lua_State: for engine functions that report positions. */
const char *sandbox_run_file(lua_State *L);

/* 1 once a limit was exceeded: the sandbox refuses to run anything more. */
int sandbox_dead(const Sandbox *sb);

/* Charge n instructions to the current run for work an engine function does
 * in C on a rule's behalf (a regular expression match, …): the hook never
 * sees such work.  Raises "instruction budget exceeded" (not catchable by
 * the rule) when the budget runs out.  Does nothing when L is not a sandbox
 * state (trusted scripts) or outside a run. */
void sandbox_charge(lua_State *L, long long n);

/* The line of the return statement that ended the last sandbox_dofile
 * (0 when the file ended without one), for messages about the value a rule
 * file returned: "FILE:LINE: a methodology file must return …". */
int sandbox_return_line(const Sandbox *sb);

/* Bytes the sandbox's Lua state currently holds. */
size_t sandbox_memory(const Sandbox *sb);

/* Rule files see shared tables (libraries, tables given to sandbox_define)
 * through read-only proxies: empty tables whose metatable forwards reads.
 * If the value at idx is such a proxy, push the table it stands for and
 * return 1; otherwise push nothing and return 0.  For C code that reads rule
 * values with lua_next/lua_rawget.  Works on any lua_State. */
int sandbox_unproxy(lua_State *L, int idx);

#endif
