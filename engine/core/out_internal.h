/* out_internal.h — shared by the out_*.c writers only. */
#ifndef CHISO_OUT_INTERNAL_H
#define CHISO_OUT_INTERNAL_H

#include "out.h"

/* The text of a cell (NULL when missing); numbers are formatted into buf. */
const char *out_cell(const Column *c, size_t row, NumStyle style, char *buf, size_t n);

int out_write_text(FILE *f, const Table *t, const OutOptions *o, int markdown);
int out_write_csv(FILE *f, const Table *t);
int out_write_json(FILE *f, const Table *t);

#endif
