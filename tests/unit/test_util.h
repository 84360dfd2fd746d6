/* test_util.h — what every cmocka test needs, in the order cmocka requires. */
#ifndef CHISO_TEST_UTIL_H
#define CHISO_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

/* Path of a file in the source tree (tests run from any directory). */
#define SRC(path) CHISO_SRC_DIR "/" path

/* Assert that haystack contains needle, printing both when it does not. */
#define assert_contains(haystack, needle)                                          \
    do {                                                                           \
        const char *h_ = (haystack), *n_ = (needle);                               \
        if (!h_ || !strstr(h_, n_))                                                \
            fail_msg("expected \"%s\" in \"%s\"", n_, h_ ? h_ : "(null)");         \
    } while (0)

#endif
