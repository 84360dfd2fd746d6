/* units.h — the units an index ranks (provinces, ministries, departments) and
 * matching their names however they are written.
 *
 * A name matches a unit when its key equals the unit's name key or one of its
 * aliases' keys.  The key is text_fold() with the registered prefixes removed
 * (by default "tỉnh", "thành phố", "tp", "province", "city" and trailing
 * "province", "city") and all spaces dropped, so
 * "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh" and "ho chi minh" meet, and
 * "Bà Rịa - Vũng Tàu" equals "Ba Ria Vung Tau".  NFC or decomposed input,
 * case and diacritics do not matter.
 */
#ifndef CHISO_UNITS_H
#define CHISO_UNITS_H

#include <stddef.h>

#include "diag.h"

typedef struct Units Units;

Units *units_new(void);
void units_free(Units *u);

/* Words dropped from the front of names before matching (folded form, e.g.
 * "tinh", "thanh pho", "tp").  Default set: Vietnamese and English province
 * prefixes; call units_prefix to add more (e.g. "so" for departments). */
int units_prefix(Units *u, const char *prefix);

/* Add a unit; returns its index (0-based) or -1 with d filled (its key
 * collides with another unit's name or alias). */
int units_add(Units *u, const char *code, const char *name, Diag *d);

/* Add an alias to unit i; -1 with d filled when the alias key already names
 * another unit.  An alias equal to an existing key of the same unit is fine. */
int units_alias(Units *u, int i, const char *alias, Diag *d);

/* The unit a name denotes, or -1.  Also matches a unit's code exactly. */
int units_find(const Units *u, const char *name);

/* The closest unit to an unmatched name (edit distance on keys, relative to
 * length), or -1 when nothing is reasonably close. */
int units_suggest(const Units *u, const char *name);

size_t units_count(const Units *u);
const char *units_code(const Units *u, int i);
const char *units_name(const Units *u, int i);

#endif
