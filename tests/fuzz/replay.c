/* replay.c — a main() for a fuzz target built without libFuzzer: run it on
 * every file of its seed corpus (tests/fuzz/corpus/NAME/) and regression
 * inputs (tests/fuzz/regress/NAME/), or on the files given as arguments.
 * Prints a cmocka-style summary for tests/run.sh; a broken invariant or a
 * sanitizer report ends the process. */
#include "fuzz_util.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(1);
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    free(buf);
    return 1;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int count = 0;
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            if (!names)
                exit(1);
        }
        names[n++] = strdup(path);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp);
    for (i = 0; i < n; i++) {
        count += run_file(names[i]);
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    char name[256], dir[4096];
    int count = 0, i;
    base = base ? base + 1 : argv[0];
    if (strncmp(base, "replay_", 7) == 0)
        base += 7;
    snprintf(name, sizeof name, "%s", base);
    if (argc > 1) {
        for (i = 1; i < argc; i++)
            count += run_file(argv[i]);
    } else {
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", CHISO_SRC_DIR, name);
        count += run_dir(dir);
        snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", CHISO_SRC_DIR, name);
        count += run_dir(dir);
    }
    printf("[==========] %s: %d inputs replayed\n", name, count);
    printf("[  PASSED  ] %d test(s).\n", count ? 1 : 0);
    if (count == 0) {
        printf("[  FAILED  ] 1 test(s): no inputs found for %s\n", name);
        return 1;
    }
    return 0;
}
