/* outfile.h — output files that are either complete or absent.
 *
 * Data is written to a temporary file beside the target and renamed over it
 * only on commit, so an error, SIGINT or SIGTERM never leaves a truncated or
 * half-written output, and an existing file is replaced in one step.
 */
#ifndef CHISO_OUTFILE_H
#define CHISO_OUTFILE_H

#include <stdio.h>

#include "diag.h"

typedef struct OutFile OutFile;

/* Mark a file this run reads as an input: no output may replace it (an
 * `-o` naming the data file or rule file just read is refused rather than
 * clobbering it).  Files that do not exist or are not regular are ignored. */
void outfile_protect(const char *path);

/* Start writing `path`; NULL with d filled when the temporary cannot be made
 * or `path` is an input of this run (outfile_protect). */
OutFile *outfile_open(const char *path, Diag *d);
FILE *outfile_stream(OutFile *o);

/* The temporary's path, for writers that open a path themselves
 * (libxlsxwriter): valid until commit or abort. */
const char *outfile_temp_path(const OutFile *o);

/* Flush, sync and rename into place; the OutFile is freed either way.
 * Returns 0, or -1 with d filled (the temporary is removed). */
int outfile_commit(OutFile *o, Diag *d);

/* Remove the temporary and free the OutFile. */
void outfile_abort(OutFile *o);

/* Remove every pending temporary (atexit, fatal paths) and install SIGINT,
 * SIGTERM, SIGHUP handlers that do the same before dying of the signal. */
void outfile_cleanup_all(void);
void outfile_install_signal_handlers(void);

/* Write a whole buffer to path atomically. */
int outfile_write_all(const char *path, const void *data, size_t len, Diag *d);

#endif
