/* units.h — the units an index ranks (provinces, ministries, departments) and
 * matching their names however they are written.
 *
 * A name matches a unit when its key equals the unit's name key or one of its
 * aliases' keys.  The key is text_fold() with the registered prefixes removed
 * (by default "tỉnh", "thành phố", "tp", "t.p.", "ubnd", "ủy ban nhân dân",
 * "province (of)", "city (of)" and trailing "province", "city") and all
 * spaces dropped, so
 * "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh" and "ho chi minh" meet, and
 * "Bà Rịa - Vũng Tàu" equals "Ba Ria Vung Tau".  NFC or decomposed input,
 * case and diacritics do not matter.
 *
 * Prefixes and suffixes are whole words; several may be removed ("UBND tỉnh
 * X"), but never the whole name.  A unit's code is a key too (so "moj" finds
 * MOJ), and every key belongs to one unit only.
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
 * prefixes; call units_prefix to add more (e.g. "so" for departments).
 * The prefix is folded first, so "Sở" works.  It applies to units already
 * added too: -1 (and no change) when that would give two units one key, or
 * when the prefix is empty or not UTF-8. */
int units_prefix(Units *u, const char *prefix);

/* Add a unit; returns its index (0-based) or -1 with d filled (its name or
 * code key collides with another unit's key, the code is already used, or
 * code/name is empty or not UTF-8).  units_name returns the name in NFC. */
int units_add(Units *u, const char *code, const char *name, Diag *d);

/* Add an alias to unit i; 0, or -1 with d filled when the alias key already
 * names another unit.  An alias equal to an existing key of the same unit is
 * fine. */
int units_alias(Units *u, int i, const char *alias, Diag *d);

/* The unit a name denotes, or -1.  Also matches a unit's code exactly. */
int units_find(const Units *u, const char *name);

/* The closest unit to an unmatched name (edit distance on keys, relative to
 * length), or -1 when nothing is reasonably close: at most 1 edit for keys
 * of up to 4 letters, else max(2, len/3), and within the stretch where the
 * two keys differ at most max(2, a third).  Ties go to the lowest index; a
 * name that matches returns its unit. */
int units_suggest(const Units *u, const char *name);

size_t units_count(const Units *u);
const char *units_code(const Units *u, int i);
const char *units_name(const Units *u, int i);

#endif
