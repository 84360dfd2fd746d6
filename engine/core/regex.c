/* regex.c — PCRE2 compile and match with limits (see regex.h).
 *
 * One general context per pattern carries the caller's allocator, so the
 * compiled code, the match data and the interpreter's frames (kept in the
 * match data since PCRE2 10.41) all come from it.  The match context is
 * shared by every pattern: it only holds the limits.  It is created once
 * (pthread_once) and freed at exit.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "regex.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_MAX 40 /* bytes of a pattern shown as its name */

struct Regex {
    RegexAlloc a;
    pcre2_general_context *gcx;
    pcre2_code *code;
    pcre2_match_data *md;
    int groups;
    int jit;
    uint32_t names, name_size;
    PCRE2_SPTR name_table;
    char flags[8];
    char *pattern;
    size_t pattern_len;
    char *label;
};

/* ---- allocation ---------------------------------------------------------- */

static void *std_alloc(size_t size, void *data)
{
    (void)data;
    return malloc(size);
}

static void std_free(void *ptr, void *data)
{
    (void)data;
    free(ptr);
}

static void *rx_alloc(const RegexAlloc *a, size_t n)
{
    return a->alloc(n, a->data);
}

static void rx_free(const RegexAlloc *a, void *p)
{
    if (p)
        a->free(p, a->data);
}

static char *rx_strndup(const RegexAlloc *a, const char *s, size_t n)
{
    char *p = rx_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* ---- the shared match context ------------------------------------------- */

static pcre2_match_context *shared_mcx;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void free_shared(void)
{
    pcre2_match_context_free(shared_mcx);
    shared_mcx = NULL;
}

static void make_shared(void)
{
    shared_mcx = pcre2_match_context_create(NULL);
    if (!shared_mcx)
        return;
    pcre2_set_match_limit(shared_mcx, REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(shared_mcx, REGEX_DEPTH_LIMIT);
    pcre2_set_heap_limit(shared_mcx, REGEX_HEAP_LIMIT_KIB);
    atexit(free_shared);
}

static pcre2_match_context *match_context(void)
{
    pthread_once(&shared_once, make_shared);
    return shared_mcx;
}

/* ---- compile ------------------------------------------------------------- */

/* The name in messages: the given name, or the pattern cut to LABEL_MAX
 * bytes at a UTF-8 boundary, with "…" when cut. */
static char *make_label(const RegexAlloc *a, const char *name, const char *pat, size_t len)
{
    size_t n;
    char *p;
    if (name)
        return rx_strndup(a, name, strlen(name));
    if (len <= LABEL_MAX)
        return rx_strndup(a, pat, len);
    n = LABEL_MAX;
    while (n > 0 && ((unsigned char)pat[n] & 0xC0) == 0x80)
        n--;
    p = rx_alloc(a, n + 4);
    if (p) {
        memcpy(p, pat, n);
        memcpy(p + n, "\xE2\x80\xA6", 4); /* "…" and NUL */
    }
    return p;
}

/* Map "imsx" to PCRE2 options; out gets the flags given, in that order,
 * each once. */
static int parse_flags(const char *flags, uint32_t *opts, char out[8], Diag *d)
{
    static const char order[] = "imsx";
    static const uint32_t bits[] = {PCRE2_CASELESS, PCRE2_MULTILINE, PCRE2_DOTALL, PCRE2_EXTENDED};
    int seen[4] = {0, 0, 0, 0};
    const char *f;
    size_t k, n = 0;
    *opts = 0;
    for (f = flags ? flags : ""; *f; f++) {
        const char *at = strchr(order, *f);
        if (!at) {
            unsigned char c = (unsigned char)*f;
            if (c >= 0x20 && c < 0x7F)
                return diag_set(d, NULL, 0, 0, "unknown flag '%c' (flags are i, m, s, x)", *f);
            return diag_set(d, NULL, 0, 0, "unknown flag byte 0x%02X (flags are i, m, s, x)", c);
        }
        seen[at - order] = 1;
    }
    for (k = 0; k < 4; k++) {
        if (seen[k]) {
            *opts |= bits[k];
            out[n++] = order[k];
        }
    }
    out[n] = '\0';
    return 0;
}

Regex *regex_compile(const char *pattern, size_t len, const char *flags, int jit, const char *name,
                     const RegexAlloc *a, Diag *d)
{
    static const RegexAlloc std = {std_alloc, std_free, NULL};
    pcre2_compile_context *ccx = NULL;
    uint32_t opts;
    char fl[8];
    int err;
    PCRE2_SIZE off;
    Regex *rx;

    if (!a)
        a = &std;
    if (len == (size_t)-1)
        len = strlen(pattern);
    if (parse_flags(flags, &opts, fl, d) != 0)
        return NULL;
    rx = rx_alloc(a, sizeof *rx);
    if (!rx) {
        diag_set(d, NULL, 0, 0, "out of memory compiling a pattern");
        return NULL;
    }
    memset(rx, 0, sizeof *rx);
    rx->a = *a;
    memcpy(rx->flags, fl, sizeof fl);
    rx->pattern = rx_strndup(a, pattern, len);
    rx->pattern_len = len;
    rx->label = make_label(a, name, pattern, len);
    rx->gcx = pcre2_general_context_create(a->alloc, a->free, a->data);
    if (rx->gcx)
        ccx = pcre2_compile_context_create(rx->gcx);
    if (!rx->pattern || !rx->label || !ccx) {
        pcre2_compile_context_free(ccx);
        regex_free(rx);
        diag_set(d, NULL, 0, 0, "out of memory compiling a pattern");
        return NULL;
    }
    rx->code = pcre2_compile((PCRE2_SPTR)pattern, len, opts | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF,
                             &err, &off, ccx);
    pcre2_compile_context_free(ccx);
    if (!rx->code) {
        PCRE2_UCHAR buf[256];
        if (pcre2_get_error_message(err, buf, sizeof buf) < 0)
            strcpy((char *)buf, "unknown error");
        if (err == PCRE2_ERROR_NOMEMORY)
            diag_set(d, NULL, 0, 0, "out of memory compiling a pattern");
        else
            diag_set(d, NULL, 0, 0, "invalid pattern at offset %zu: %s", (size_t)off, (const char *)buf);
        regex_free(rx);
        return NULL;
    }
    if (jit && !getenv("CHISO_NO_JIT")) {
        uint32_t avail = 0;
        size_t jsize = 0;
        /* Any JIT failure (no memory, W^X systems) leaves the interpreter. */
        if (pcre2_config(PCRE2_CONFIG_JIT, &avail) >= 0 && avail &&
            pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0 &&
            pcre2_pattern_info(rx->code, PCRE2_INFO_JITSIZE, &jsize) == 0 && jsize > 0)
            rx->jit = 1;
    }
    {
        uint32_t cap = 0;
        pcre2_pattern_info(rx->code, PCRE2_INFO_CAPTURECOUNT, &cap);
        rx->groups = (int)cap;
        pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &rx->names);
        pcre2_pattern_info(rx->code, PCRE2_INFO_NAMEENTRYSIZE, &rx->name_size);
        pcre2_pattern_info(rx->code, PCRE2_INFO_NAMETABLE, &rx->name_table);
    }
    rx->md = pcre2_match_data_create_from_pattern(rx->code, rx->gcx);
    if (!rx->md || !match_context()) {
        regex_free(rx);
        diag_set(d, NULL, 0, 0, "out of memory compiling a pattern");
        return NULL;
    }
    return rx;
}

void regex_free(Regex *rx)
{
    RegexAlloc a;
    if (!rx)
        return;
    a = rx->a;
    pcre2_match_data_free(rx->md);
    pcre2_code_free(rx->code);
    pcre2_general_context_free(rx->gcx);
    rx_free(&a, rx->label);
    rx_free(&a, rx->pattern);
    rx_free(&a, rx);
}

/* ---- match --------------------------------------------------------------- */

int regex_match(Regex *rx, const char *s, size_t len, size_t start, unsigned opts, Diag *d)
{
    uint32_t o = 0;
    int rc;
    if (start > len)
        return 0;
    if (opts & REGEX_ANCHORED)
        o |= PCRE2_ANCHORED;
    if (opts & REGEX_NOTEMPTY_ATSTART)
        o |= PCRE2_NOTEMPTY_ATSTART;
    rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, start, o, rx->md, match_context());
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) /* deep JIT recursion: the interpreter has a heap */
        rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, start, o | PCRE2_NO_JIT, rx->md, match_context());
    if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
        return 0;
    if (rc >= 0) {
        /* rc counts up to the highest group set; report them all. */
        return rx->groups + 1;
    }
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return diag_set(d, NULL, 0, 0, "pattern '%s' exceeded the match limit", rx->label);
    case PCRE2_ERROR_DEPTHLIMIT:
        return diag_set(d, NULL, 0, 0, "pattern '%s' exceeded the depth limit", rx->label);
    case PCRE2_ERROR_HEAPLIMIT:
        return diag_set(d, NULL, 0, 0, "pattern '%s' exceeded the heap limit (%u KiB)", rx->label,
                        REGEX_HEAP_LIMIT_KIB);
    case PCRE2_ERROR_NOMEMORY:
        return diag_set(d, NULL, 0, 0, "pattern '%s': out of memory while matching", rx->label);
    default: {
        PCRE2_UCHAR buf[256];
        if (pcre2_get_error_message(rc, buf, sizeof buf) < 0)
            strcpy((char *)buf, "unknown error");
        return diag_set(d, NULL, 0, 0, "pattern '%s': %s", rx->label, (const char *)buf);
    }
    }
}

const size_t *regex_ovector(const Regex *rx)
{
    /* PCRE2_UNSET is ~(PCRE2_SIZE)0 == REGEX_UNSET, and PCRE2_SIZE is size_t:
     * groups past the highest one set are PCRE2_UNSET too (pcre2_match sets
     * every unused pair). */
    return (const size_t *)pcre2_get_ovector_pointer(rx->md);
}

int regex_groups(const Regex *rx)
{
    return rx->groups;
}

int regex_names(const Regex *rx)
{
    return (int)rx->names;
}

const char *regex_name(const Regex *rx, int i, int *group)
{
    PCRE2_SPTR e;
    if (i < 0 || (uint32_t)i >= rx->names)
        return NULL;
    e = rx->name_table + (size_t)i * rx->name_size;
    if (group)
        *group = (e[0] << 8) | e[1];
    return (const char *)(e + 2);
}

const char *regex_pattern(const Regex *rx)
{
    return rx->pattern;
}

size_t regex_pattern_len(const Regex *rx)
{
    return rx->pattern_len;
}

const char *regex_flags(const Regex *rx)
{
    return rx->flags;
}

const char *regex_label(const Regex *rx)
{
    return rx->label;
}

int regex_jit(const Regex *rx)
{
    return rx->jit;
}
