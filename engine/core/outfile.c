/* outfile.c — atomic output files: write to a temporary beside the target,
 * rename on commit, remove on abort or on a fatal signal.
 *
 * Pending temporaries are kept in a fixed-size table of paths so that the
 * signal handler can unlink them with async-signal-safe calls only.
 */
#include "outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTFILE_MAX_PENDING 64
#define OUTFILE_PATH_MAX 4096

struct OutFile {
    FILE *f;
    char *target;
    int slot;
};

/* Written by the main thread, read by the signal handler: paths are complete
 * before `pending_used[i]` is set. */
static char pending_path[OUTFILE_MAX_PENDING][OUTFILE_PATH_MAX];
static volatile sig_atomic_t pending_used[OUTFILE_MAX_PENDING];

/* The inputs of this run, by device and inode (a path spelt differently, a
 * link or a hard link is the same file). */
typedef struct FileId {
    dev_t dev;
    ino_t ino;
} FileId;
static FileId *inputs;
static size_t ninputs, capinputs;

void outfile_protect(const char *path)
{
    struct stat st;
    size_t i;
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    for (i = 0; i < ninputs; i++)
        if (inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino)
            return;
    if (ninputs == capinputs) {
        size_t nc = capinputs ? capinputs * 2 : 16;
        FileId *n = realloc(inputs, nc * sizeof *n);
        if (!n)
            return; /* out of memory: lose the guard, not the run */
        inputs = n;
        capinputs = nc;
    }
    inputs[ninputs].dev = st.st_dev;
    inputs[ninputs].ino = st.st_ino;
    ninputs++;
}

static int is_input(const char *path)
{
    struct stat st;
    size_t i;
    if (stat(path, &st) != 0)
        return 0;
    for (i = 0; i < ninputs; i++)
        if (inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino)
            return 1;
    return 0;
}

static int pending_take(const char *path)
{
    int i;
    if (strlen(path) >= OUTFILE_PATH_MAX)
        return -1;
    for (i = 0; i < OUTFILE_MAX_PENDING; i++) {
        if (!pending_used[i]) {
            memcpy(pending_path[i], path, strlen(path) + 1);
            pending_used[i] = 1;
            return i;
        }
    }
    return -1;
}

static void pending_release(int slot)
{
    if (slot >= 0)
        pending_used[slot] = 0;
}

OutFile *outfile_open(const char *path, Diag *d)
{
    OutFile *o;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    char tmp[OUTFILE_PATH_MAX];
    int fd, n;

    if (!*base) {
        diag_set(d, path, 0, 0, "cannot write: the output path names a directory");
        return NULL;
    }
    if (is_input(path)) {
        diag_set(d, path, 0, 0, "the output would replace the input; name another file");
        return NULL;
    }
    /* A hidden temporary in the same directory, so rename() stays atomic. */
    n = snprintf(tmp, sizeof tmp, "%.*s.%s.tmp.XXXXXX", (int)dirlen, path, base);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        diag_set(d, path, 0, 0, "cannot write: path too long");
        return NULL;
    }
    o = calloc(1, sizeof *o);
    if (!o || !(o->target = strdup(path))) {
        free(o);
        diag_set(d, path, 0, 0, "cannot write: out of memory");
        return NULL;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        diag_set(d, path, 0, 0, "cannot write: %s", strerror(errno));
        free(o->target);
        free(o);
        return NULL;
    }
    /* mkstemp makes 0600 files; outputs are ordinary files. */
    {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    o->slot = pending_take(tmp);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        diag_set(d, path, 0, 0, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        pending_release(o->slot);
        free(o->target);
        free(o);
        return NULL;
    }
    if (o->slot < 0) {
        /* Too many open outputs to track: refuse rather than risk a stray temporary. */
        diag_set(d, path, 0, 0, "cannot write: too many output files open at once");
        fclose(o->f);
        unlink(tmp);
        free(o->target);
        free(o);
        return NULL;
    }
    return o;
}

FILE *outfile_stream(OutFile *o)
{
    return o->f;
}

const char *outfile_temp_path(const OutFile *o)
{
    return pending_path[o->slot];
}

static void outfile_free(OutFile *o)
{
    pending_release(o->slot);
    free(o->target);
    free(o);
}

int outfile_commit(OutFile *o, Diag *d)
{
    int err = 0;
    const char *tmp = pending_path[o->slot];

    if (fflush(o->f) != 0 || ferror(o->f))
        err = errno ? errno : EIO;
    if (!err && fsync(fileno(o->f)) != 0 && errno != EINVAL)
        err = errno;
    if (fclose(o->f) != 0 && !err)
        err = errno ? errno : EIO;
    o->f = NULL;
    if (!err && rename(tmp, o->target) != 0)
        err = errno;
    if (err) {
        diag_set(d, o->target, 0, 0, "cannot write: %s", strerror(err));
        unlink(tmp);
        outfile_free(o);
        return -1;
    }
    outfile_free(o);
    return 0;
}

void outfile_abort(OutFile *o)
{
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    unlink(pending_path[o->slot]);
    outfile_free(o);
}

void outfile_cleanup_all(void)
{
    int i;
    for (i = 0; i < OUTFILE_MAX_PENDING; i++)
        if (pending_used[i])
            unlink(pending_path[i]);
}

static void on_fatal_signal(int sig)
{
    outfile_cleanup_all();
    /* Die of the same signal so the parent sees how we ended. */
    signal(sig, SIG_DFL);
    raise(sig);
}

void outfile_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int outfile_write_all(const char *path, const void *data, size_t len, Diag *d)
{
    OutFile *o = outfile_open(path, d);
    if (!o)
        return -1;
    if (len && fwrite(data, 1, len, o->f) != len) {
        diag_set(d, path, 0, 0, "cannot write: %s", strerror(errno));
        outfile_abort(o);
        return -1;
    }
    return outfile_commit(o, d);
}
