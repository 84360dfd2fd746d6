/* legacy.c — Windows-1258, TCVN3 (ABC) and VNI: recognise, convert to UTF-8.
 *
 * The three encodings are written here from their published definitions:
 *   - Windows-1258: Windows-1252 with ă â ê ô ơ ư đ ₫ and five combining tone
 *     marks in place of some Latin-1 letters;
 *   - TCVN3 (TCVN 5712:1993, VN3): one byte per lowercase toned letter from
 *     0xB5, the seven capitals Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xA7;
 *   - VNI (VNI Windows): base letter + a modifier byte for shape and tone,
 *     both in Windows-1252's upper half.
 *
 * Every decoder turns bytes into code points and composes a vowel with the
 * tone or shape that follows it, through one table of the 72 Vietnamese
 * vowel letters (12 vowels x 6 tones); so the output is NFC for Vietnamese.
 *
 * Recognition reads a sample in all three and scores each reading by its
 * words: a word with a non-ASCII letter that is a well-formed Vietnamese
 * syllable (onset, one vowel cluster of the language, coda, at most one
 * tone) scores; a word that is not, a byte the encoding leaves undefined, a
 * modifier with nothing to modify or a symbol between letters costs.  The
 * right reading gives "Hà Nội", the wrong ones give "Hµ Néi" or "Haø Noäi".
 */
#include "legacy.h"
#include "outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* ------------------------------------------------------------------------ */
/* Vietnamese vowel letters                                                  */

enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, NVOWEL };
enum { T_NONE, T_GRAVE, T_ACUTE, T_HOOK, T_TILDE, T_DOT, NTONE };

/* Lowercase letters: [vowel][tone]. */
static const uint16_t VOWEL[NVOWEL][NTONE] = {
    /*            none    grave   acute   hook    tilde   dot    */
    /* a */    {0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1},
    /* ă */    {0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7},
    /* â */    {0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD},
    /* e */    {0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9},
    /* ê */    {0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7},
    /* i */    {0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB},
    /* o */    {0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD},
    /* ô */    {0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9},
    /* ơ */    {0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3},
    /* u */    {0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5},
    /* ư */    {0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1},
    /* y */    {0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5},
};

#define CP_D_LOWER 0x0111 /* đ */
#define CP_D_UPPER 0x0110 /* Đ */

/* The capital of a lowercase vowel letter: ASCII and Latin-1 are 0x20 below,
 * Latin Extended-A/B and Extended Additional pair each capital just below. */
static uint32_t upper_of(uint32_t cp)
{
    if (cp < 0x80 || (cp >= 0xE0 && cp <= 0xFE))
        return cp - 0x20;
    return cp - 1;
}

static uint32_t vowel_cp(int v, int t, int upper)
{
    uint32_t cp = VOWEL[v][t];
    return upper ? upper_of(cp) : cp;
}

/* Vowel, tone and case of a code point; 0 when it is no Vietnamese vowel. */
static int vowel_of(uint32_t cp, int *v, int *t, int *upper)
{
    int i, j;
    if (cp < 0x41 || (cp > 0x7A && cp < 0xC0) || cp > 0x1EF9)
        return 0;
    for (i = 0; i < NVOWEL; i++)
        for (j = 0; j < NTONE; j++) {
            if (VOWEL[i][j] == cp || upper_of(VOWEL[i][j]) == cp) {
                *v = i;
                *t = j;
                *upper = VOWEL[i][j] != cp;
                return 1;
            }
        }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Byte tables (0x80–0xFF; 0: not defined)                                  */

/* Windows-1252 0x80–0x9F (VNI text is Windows-1252 bytes). */
static const uint16_t CP1252_C1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Windows-1258 differs from 1252 in 0x80–0x9F (no Š Ž š ž) and in the
 * letters listed here; everything else in 0xA0–0xFF is Latin-1. */
static uint32_t cp1258_byte(unsigned char b)
{
    switch (b) {
    case 0x8A: case 0x8E: case 0x9A: case 0x9E:
        return 0;
    case 0xC3: return 0x0102; /* Ă */
    case 0xCC: return 0x0300; /* combining grave */
    case 0xD0: return 0x0110; /* Đ */
    case 0xD2: return 0x0309; /* combining hook above */
    case 0xD5: return 0x01A0; /* Ơ */
    case 0xDD: return 0x01AF; /* Ư */
    case 0xDE: return 0x0303; /* combining tilde */
    case 0xE3: return 0x0103; /* ă */
    case 0xEC: return 0x0301; /* combining acute */
    case 0xF0: return 0x0111; /* đ */
    case 0xF2: return 0x0323; /* combining dot below */
    case 0xF5: return 0x01A1; /* ơ */
    case 0xFD: return 0x01B0; /* ư */
    case 0xFE: return 0x20AB; /* ₫ */
    default:
        break;
    }
    if (b < 0x80)
        return b;
    if (b < 0xA0)
        return CP1252_C1[b - 0x80];
    return b;
}

/* The tone a Windows-1258 combining mark (as a code point) stands for. */
static int combining_tone(uint32_t cp)
{
    switch (cp) {
    case 0x0300: return T_GRAVE;
    case 0x0301: return T_ACUTE;
    case 0x0309: return T_HOOK;
    case 0x0303: return T_TILDE;
    case 0x0323: return T_DOT;
    default: return T_NONE;
    }
}

/* TCVN3 (VN3): vowel and tone per byte, or a plain code point.  Written as
 * (kind, a, b): kind 1 = VOWEL[a][b] lowercase, 2 = capital of VOWEL[a][b],
 * 3 = code point a. */
typedef struct TcvnEntry {
    unsigned char byte, kind;
    unsigned short a, b;
} TcvnEntry;

static const TcvnEntry TCVN3[] = {
    {0xA0, 3, 0x00A0, 0},
    {0xA1, 2, V_AW, T_NONE}, {0xA2, 2, V_AA, T_NONE}, {0xA3, 2, V_EE, T_NONE},
    {0xA4, 2, V_OO, T_NONE}, {0xA5, 2, V_OW, T_NONE}, {0xA6, 2, V_UW, T_NONE},
    {0xA7, 3, CP_D_UPPER, 0},
    {0xA8, 1, V_AW, T_NONE}, {0xA9, 1, V_AA, T_NONE}, {0xAA, 1, V_EE, T_NONE},
    {0xAB, 1, V_OO, T_NONE}, {0xAC, 1, V_OW, T_NONE}, {0xAD, 1, V_UW, T_NONE},
    {0xAE, 3, CP_D_LOWER, 0},
    {0xB5, 1, V_A, T_GRAVE}, {0xB6, 1, V_A, T_HOOK}, {0xB7, 1, V_A, T_TILDE},
    {0xB8, 1, V_A, T_ACUTE}, {0xB9, 1, V_A, T_DOT},
    {0xBB, 1, V_AW, T_GRAVE}, {0xBC, 1, V_AW, T_HOOK}, {0xBD, 1, V_AW, T_TILDE},
    {0xBE, 1, V_AW, T_ACUTE}, {0xC6, 1, V_AW, T_DOT},
    {0xC7, 1, V_AA, T_GRAVE}, {0xC8, 1, V_AA, T_HOOK}, {0xC9, 1, V_AA, T_TILDE},
    {0xCA, 1, V_AA, T_ACUTE}, {0xCB, 1, V_AA, T_DOT},
    {0xCC, 1, V_E, T_GRAVE}, {0xCE, 1, V_E, T_HOOK}, {0xCF, 1, V_E, T_TILDE},
    {0xD0, 1, V_E, T_ACUTE}, {0xD1, 1, V_E, T_DOT},
    {0xD2, 1, V_EE, T_GRAVE}, {0xD3, 1, V_EE, T_HOOK}, {0xD4, 1, V_EE, T_TILDE},
    {0xD5, 1, V_EE, T_ACUTE}, {0xD6, 1, V_EE, T_DOT},
    {0xD7, 1, V_I, T_GRAVE}, {0xD8, 1, V_I, T_HOOK}, {0xDC, 1, V_I, T_TILDE},
    {0xDD, 1, V_I, T_ACUTE}, {0xDE, 1, V_I, T_DOT},
    {0xDF, 1, V_O, T_GRAVE}, {0xE1, 1, V_O, T_HOOK}, {0xE2, 1, V_O, T_TILDE},
    {0xE3, 1, V_O, T_ACUTE}, {0xE4, 1, V_O, T_DOT},
    {0xE5, 1, V_OO, T_GRAVE}, {0xE6, 1, V_OO, T_HOOK}, {0xE7, 1, V_OO, T_TILDE},
    {0xE8, 1, V_OO, T_ACUTE}, {0xE9, 1, V_OO, T_DOT},
    {0xEA, 1, V_OW, T_GRAVE}, {0xEB, 1, V_OW, T_HOOK}, {0xEC, 1, V_OW, T_TILDE},
    {0xED, 1, V_OW, T_ACUTE}, {0xEE, 1, V_OW, T_DOT},
    {0xEF, 1, V_U, T_GRAVE}, {0xF1, 1, V_U, T_HOOK}, {0xF2, 1, V_U, T_TILDE},
    {0xF3, 1, V_U, T_ACUTE}, {0xF4, 1, V_U, T_DOT},
    {0xF5, 1, V_UW, T_GRAVE}, {0xF6, 1, V_UW, T_HOOK}, {0xF7, 1, V_UW, T_TILDE},
    {0xF8, 1, V_UW, T_ACUTE}, {0xF9, 1, V_UW, T_DOT},
    {0xFA, 1, V_Y, T_GRAVE}, {0xFB, 1, V_Y, T_HOOK}, {0xFC, 1, V_Y, T_TILDE},
    {0xFD, 1, V_Y, T_ACUTE}, {0xFE, 1, V_Y, T_DOT},
};

static uint32_t tcvn3_table[128];
static int tcvn3_ready;

static void tcvn3_init(void)
{
    size_t i;
    if (tcvn3_ready)
        return;
    for (i = 0; i < sizeof TCVN3 / sizeof TCVN3[0]; i++) {
        const TcvnEntry *e = &TCVN3[i];
        uint32_t cp = e->kind == 3 ? e->a : vowel_cp(e->a, e->b, e->kind == 2);
        tcvn3_table[e->byte - 0x80] = cp;
    }
    tcvn3_ready = 1;
}

/* VNI modifier bytes: what they do to the letter before them.  Lowercase and
 * capital forms of each modifier (the capital one follows capital letters
 * but either is accepted after either). */
enum { M_TONE = 1, M_HAT, M_BREVE };

typedef struct VniMod {
    unsigned char lower, upper, kind, tone;
} VniMod;

static const VniMod VNI_MODS[] = {
    {0xF8, 0xD8, M_TONE, T_GRAVE}, {0xF9, 0xD9, M_TONE, T_ACUTE},
    {0xFB, 0xDB, M_TONE, T_HOOK},  {0xF5, 0xD5, M_TONE, T_TILDE},
    {0xEF, 0xCF, M_TONE, T_DOT},
    {0xE2, 0xC2, M_HAT, T_NONE},   {0xE0, 0xC0, M_HAT, T_GRAVE},
    {0xE1, 0xC1, M_HAT, T_ACUTE},  {0xE5, 0xC5, M_HAT, T_HOOK},
    {0xE3, 0xC3, M_HAT, T_TILDE},  {0xE4, 0xC4, M_HAT, T_DOT},
    {0xEA, 0xCA, M_BREVE, T_NONE}, {0xE8, 0xC8, M_BREVE, T_GRAVE},
    {0xE9, 0xC9, M_BREVE, T_ACUTE}, {0xFA, 0xDA, M_BREVE, T_HOOK},
    {0xFC, 0xDC, M_BREVE, T_TILDE}, {0xEB, 0xCB, M_BREVE, T_DOT},
};

/* VNI single-byte letters (lowercase byte, capital byte, vowel, tone);
 * vowel NVOWEL means đ. */
typedef struct VniLetter {
    unsigned char lower, upper, vowel, tone;
} VniLetter;

static const VniLetter VNI_LETTERS[] = {
    {0xF4, 0xD4, V_OW, T_NONE},  {0xF6, 0xD6, V_UW, T_NONE},
    {0xF1, 0xD1, NVOWEL, T_NONE},
    {0xEC, 0xCC, V_I, T_GRAVE},  {0xED, 0xCD, V_I, T_ACUTE},
    {0xE6, 0xC6, V_I, T_HOOK},   {0xF3, 0xD3, V_I, T_TILDE},
    {0xF2, 0xD2, V_I, T_DOT},    {0xEE, 0xCE, V_Y, T_DOT},
};

/* ------------------------------------------------------------------------ */
/* Decoding                                                                  */

#define U_UNDEF 1  /* a byte the encoding does not define */
#define U_STRAY 2  /* a tone or shape with nothing to apply to */

typedef struct Units {
    uint32_t *cp;
    unsigned char *flag;
    size_t *at;    /* byte offset each unit came from */
    size_t n;
} Units;

/* Apply tone t (and shape: -1 keep, else the new vowel) to the last unit if
 * it is a vowel that can take it.  Returns 1 when applied. */
static int modify_last(Units *u, int shape, int tone, int *modifiable)
{
    int v, t, up;
    if (u->n == 0 || !*modifiable || !vowel_of(u->cp[u->n - 1], &v, &t, &up))
        return 0;
    if (shape >= 0) {
        /* â ê ô on a e o; ă on a; only on an unshaped, untoned letter */
        if (t != T_NONE)
            return 0;
        if (shape == V_AA && v != V_A && v != V_E && v != V_O)
            return 0;
        if (shape == V_AW && v != V_A)
            return 0;
        if (shape == V_AA)
            v = v == V_A ? V_AA : v == V_E ? V_EE : V_OO;
        else
            v = V_AW;
    } else if (t != T_NONE) {
        return 0;
    }
    u->cp[u->n - 1] = vowel_cp(v, tone, up);
    if (tone != T_NONE)
        *modifiable = 0;
    return 1;
}

static void push_unit(Units *u, uint32_t cp, unsigned char flag, size_t at)
{
    u->cp[u->n] = cp;
    u->flag[u->n] = flag;
    u->at[u->n] = at;
    u->n++;
}

/* Decode s[0..n) into u (room for n units). */
static void decode(LegacyEnc e, const unsigned char *s, size_t n, Units *u)
{
    size_t i;
    int modifiable = 0; /* the last unit is a letter a modifier may change */
    u->n = 0;
    if (e == LEGACY_TCVN3)
        tcvn3_init();
    for (i = 0; i < n; i++) {
        unsigned char b = s[i];
        uint32_t cp;
        size_t k;
        if (b < 0x80) {
            push_unit(u, b, 0, i);
            modifiable = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
            continue;
        }
        if (e == LEGACY_CP1258) {
            int tone;
            cp = cp1258_byte(b);
            tone = combining_tone(cp);
            if (tone != T_NONE) {
                if (!modify_last(u, -1, tone, &modifiable))
                    push_unit(u, cp, U_STRAY, i);
                modifiable = 0;
                continue;
            }
            push_unit(u, cp, cp ? 0 : U_UNDEF, i);
            modifiable = cp != 0;
            continue;
        }
        if (e == LEGACY_TCVN3) {
            cp = tcvn3_table[b - 0x80];
            push_unit(u, cp, cp ? 0 : U_UNDEF, i);
            modifiable = 0;
            continue;
        }
        /* VNI */
        for (k = 0; k < sizeof VNI_MODS / sizeof VNI_MODS[0]; k++) {
            const VniMod *m = &VNI_MODS[k];
            if (b == m->lower || b == m->upper) {
                int shape = m->kind == M_HAT ? V_AA : m->kind == M_BREVE ? V_AW : -1;
                if (modify_last(u, shape, m->tone, &modifiable))
                    goto next;
                break; /* nothing to modify: the Windows-1252 letter itself */
            }
        }
        for (k = 0; k < sizeof VNI_LETTERS / sizeof VNI_LETTERS[0]; k++) {
            const VniLetter *l = &VNI_LETTERS[k];
            if (b == l->lower || b == l->upper) {
                int up = b == l->upper;
                if (l->vowel == NVOWEL)
                    cp = up ? CP_D_UPPER : CP_D_LOWER;
                else
                    cp = vowel_cp(l->vowel, l->tone, up);
                push_unit(u, cp, 0, i);
                modifiable = l->tone == T_NONE && l->vowel != NVOWEL;
                goto next;
            }
        }
        cp = b < 0xA0 ? CP1252_C1[b - 0x80] : b;
        {
            int is_mod = 0;
            for (k = 0; k < sizeof VNI_MODS / sizeof VNI_MODS[0]; k++)
                if (b == VNI_MODS[k].lower || b == VNI_MODS[k].upper)
                    is_mod = 1;
            push_unit(u, cp, cp == 0 ? U_UNDEF : is_mod ? U_STRAY : 0, i);
        }
        modifiable = 0;
    next:;
    }
}

static int units_alloc(Units *u, size_t n)
{
    size_t m = n ? n : 1;
    u->cp = malloc(m * sizeof *u->cp);
    u->flag = malloc(m);
    u->at = malloc(m * sizeof *u->at);
    u->n = 0;
    return u->cp && u->flag && u->at ? 0 : -1;
}

static void units_free(Units *u)
{
    free(u->cp);
    free(u->flag);
    free(u->at);
}

static size_t utf8_put(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* ------------------------------------------------------------------------ */
/* Scoring a reading                                                         */

/* Letters of a word: ASCII letters, Latin-1 and Latin Extended letters,
 * Vietnamese letters, combining marks. */
static int is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp >= 0xC0 && cp <= 0x24F)
        return cp != 0xD7 && cp != 0xF7;
    if (cp >= 0x300 && cp <= 0x36F)
        return 1;
    return cp >= 0x1E00 && cp <= 0x1EFF;
}

/* Vowel clusters of Vietnamese (one letter per vowel: a ă=A â=B e ê=E i
 * o ô=O ơ=P u ư=U y), after a "qu"/"gi" onset has taken its u/i, each with
 * what may follow it: 'c' a final consonant or nothing, 'C' a final
 * consonant only ("tiên", never "tiê"), 'n' nothing (clusters ending in a
 * glide: "ai", "ươi" never take "ng").  Without a final consonant the tone
 * sits on the last vowel only in 'c' clusters of two ("hoà", "thuý", "huế");
 * "áy", never "aý". */
typedef struct Nucleus {
    const char *v;
    char follow;
} Nucleus;

static const Nucleus NUCLEI[] = {
    {"a", 'c'}, {"A", 'C'}, {"B", 'C'}, {"e", 'c'}, {"E", 'c'}, {"i", 'c'}, {"o", 'c'},
    {"O", 'c'}, {"P", 'c'}, {"u", 'c'}, {"U", 'c'}, {"y", 'c'},
    {"ai", 'n'}, {"ao", 'n'}, {"au", 'n'}, {"ay", 'n'}, {"Bu", 'n'}, {"By", 'n'}, {"eo", 'n'},
    {"Eu", 'n'}, {"ia", 'n'}, {"iE", 'C'}, {"iu", 'n'}, {"oa", 'c'}, {"oA", 'C'}, {"oe", 'c'},
    {"oi", 'n'}, {"oo", 'C'}, {"Oi", 'n'}, {"Pi", 'n'}, {"ua", 'n'}, {"uB", 'C'}, {"uE", 'c'},
    {"ui", 'n'}, {"uO", 'C'}, {"uP", 'c'}, {"uy", 'c'}, {"Ua", 'n'}, {"Ui", 'n'}, {"UP", 'C'},
    {"Uu", 'n'}, {"yE", 'C'}, {"oai", 'n'}, {"oao", 'n'}, {"oay", 'n'}, {"oeo", 'n'},
    {"uBy", 'n'}, {"uOi", 'n'}, {"uya", 'n'}, {"uyE", 'C'}, {"uyu", 'n'}, {"UPi", 'n'},
    {"UPu", 'n'}, {"iEu", 'n'}, {"yEu", 'n'}, {NULL, 0},
};
static const char VOWEL_LETTER[NVOWEL] = {'a', 'A', 'B', 'e', 'E', 'i', 'o', 'O', 'P', 'u', 'U', 'y'};

static int is_onset(const char *c, size_t n)
{
    static const char *const ok[] = {"b", "c", "ch", "d", "D", "g", "gh", "h", "k", "kh", "l",
                                     "m", "n", "ng", "ngh", "nh", "p", "ph", "q", "r", "s",
                                     "t", "th", "tr", "v", "x", NULL};
    size_t i;
    if (n == 0)
        return 1;
    for (i = 0; ok[i]; i++)
        if (strlen(ok[i]) == n && memcmp(ok[i], c, n) == 0)
            return 1;
    return 0;
}

static int is_coda(const char *c, size_t n)
{
    static const char *const ok[] = {"c", "ch", "m", "n", "ng", "nh", "p", "t", NULL};
    size_t i;
    if (n == 0)
        return 1;
    for (i = 0; ok[i]; i++)
        if (strlen(ok[i]) == n && memcmp(ok[i], c, n) == 0)
            return 1;
    return 0;
}

/* Is the word u[a..b) one Vietnamese syllable? */
static int is_syllable(const Units *u, size_t a, size_t b)
{
    char on[8], nu[8], co[8], tn[8];
    size_t non = 0, nnu = 0, nco = 0, i;
    int tones = 0, phase = 0;
    if (b - a > 7)
        return 0;
    for (i = a; i < b; i++) {
        uint32_t cp = u->cp[i];
        int v, t, up;
        if (vowel_of(cp, &v, &t, &up)) {
            if (t != T_NONE)
                tones++;
            if (phase == 2)
                return 0;
            phase = 1;
            tn[nnu] = (char)(t != T_NONE);
            nu[nnu++] = VOWEL_LETTER[v];
            continue;
        }
        if (cp == CP_D_LOWER || cp == CP_D_UPPER)
            cp = 'D';
        else if (cp < 0x80)
            cp |= 0x20;
        else
            return 0; /* a letter Vietnamese does not have */
        if (phase == 0)
            on[non++] = (char)cp;
        else {
            phase = 2;
            co[nco++] = (char)cp;
        }
    }
    if (tones > 1 || nnu == 0 || !is_onset(on, non) || !is_coda(co, nco))
        return 0;
    /* "qu" and "gi" (before another vowel) take their vowel into the onset */
    if (nnu > 1 && ((non == 1 && on[0] == 'q' && nu[0] == 'u') ||
                    (non == 1 && on[0] == 'g' && nu[0] == 'i'))) {
        memmove(nu, nu + 1, --nnu);
        memmove(tn, tn + 1, (size_t)nnu);
    }
    for (i = 0; NUCLEI[i].v; i++) {
        const Nucleus *x = &NUCLEI[i];
        if (strlen(x->v) != nnu || memcmp(x->v, nu, nnu) != 0)
            continue;
        if (nco > 0)
            return x->follow != 'n';
        if (x->follow == 'C')
            return 0;
        return nnu == 1 || !tn[nnu - 1] || (x->follow == 'c' && nnu == 2);
    }
    return 0;
}

/* 1 when a code point is a capital letter (ASCII, Latin-1, or a letter
 * whose lowercase is one code point above: Latin Extended, Vietnamese). */
static int is_upper(uint32_t cp)
{
    int v, t, up;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (vowel_of(cp, &v, &t, &up))
        return up;
    if (cp == CP_D_UPPER)
        return 1;
    return cp >= 0xC0 && cp <= 0xDE;
}

/* Words are lowercase, capitalised or all capitals: "HơÌ" is a misreading. */
static int case_ok(const Units *u, size_t a, size_t b)
{
    size_t i, uppers = 0;
    for (i = a + 1; i < b; i++)
        uppers += (size_t)is_upper(u->cp[i]);
    return uppers == 0 || uppers == b - a - 1;
}

static long score_units(const Units *u)
{
    long score = 0;
    size_t i = 0;
    while (i < u->n) {
        size_t a = i, nonascii = 0;
        int flagged = 0;
        if (!is_letter(u->cp[i])) {
            if (u->flag[i] & U_UNDEF)
                score -= 4;
            else if (u->cp[i] >= 0x80 && i > 0 && is_letter(u->cp[i - 1]))
                score -= 3; /* a symbol right after a letter: "Hµ", "Néi" is fine */
            i++;
            continue;
        }
        while (i < u->n && is_letter(u->cp[i])) {
            nonascii += u->cp[i] >= 0x80;
            flagged |= u->flag[i];
            i++;
        }
        if (nonascii == 0)
            continue;
        if (flagged)
            score -= 4;
        else if (!case_ok(u, a, i))
            score -= 3;
        else if (is_syllable(u, a, i))
            score += 3;
        else
            score -= 2;
    }
    return score;
}

/* ------------------------------------------------------------------------ */
/* Public functions                                                          */

const char *legacy_name(LegacyEnc e)
{
    switch (e) {
    case LEGACY_CP1258: return "Windows-1258";
    case LEGACY_TCVN3: return "TCVN3 (ABC)";
    case LEGACY_VNI: return "VNI";
    default: return "";
    }
}

const char *legacy_key(LegacyEnc e)
{
    switch (e) {
    case LEGACY_CP1258: return "cp1258";
    case LEGACY_TCVN3: return "tcvn3";
    case LEGACY_VNI: return "vni";
    default: return "";
    }
}

LegacyEnc legacy_parse(const char *name)
{
    static const struct { const char *name; LegacyEnc e; } names[] = {
        {"cp1258", LEGACY_CP1258}, {"windows-1258", LEGACY_CP1258}, {"windows1258", LEGACY_CP1258},
        {"1258", LEGACY_CP1258},   {"tcvn3", LEGACY_TCVN3},         {"tcvn", LEGACY_TCVN3},
        {"abc", LEGACY_TCVN3},     {"vn3", LEGACY_TCVN3},           {"vni", LEGACY_VNI},
        {"vni-windows", LEGACY_VNI},
    };
    size_t i;
    if (!name)
        return LEGACY_NONE;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0)
            return names[i].e;
    return LEGACY_NONE;
}

LegacyEnc legacy_detect(const char *s, size_t n, long *score)
{
    static const LegacyEnc order[] = {LEGACY_CP1258, LEGACY_TCVN3, LEGACY_VNI};
    long best = LONG_MIN, second = LONG_MIN;
    LegacyEnc win = LEGACY_NONE;
    Units u;
    size_t i;
    if (score)
        *score = 0;
    if (n > LEGACY_SAMPLE)
        n = LEGACY_SAMPLE;
    if (units_alloc(&u, n) != 0) {
        units_free(&u);
        return LEGACY_NONE;
    }
    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        long sc;
        decode(order[i], (const unsigned char *)s, n, &u);
        sc = score_units(&u);
        if (sc > best) {
            second = best;
            best = sc;
            win = order[i];
        } else if (sc > second) {
            second = sc;
        }
    }
    units_free(&u);
    /* Vietnamese words must carry it, and clearly more than another reading. */
    if (best < 3 || best == second)
        return LEGACY_NONE;
    if (score)
        *score = best - second;
    return win;
}

char *legacy_to_utf8(LegacyEnc e, const char *s, size_t n, size_t *outlen, size_t *bad)
{
    Units u;
    char *out, *o;
    size_t i;
    if (bad)
        *bad = (size_t)-1;
    if (outlen)
        *outlen = 0;
    if (e == LEGACY_NONE || n > ((size_t)-1) / 4 - 1)
        return NULL;
    if (units_alloc(&u, n) != 0) {
        units_free(&u);
        return NULL;
    }
    decode(e, (const unsigned char *)s, n, &u);
    out = malloc(u.n * 3 + 1);
    if (!out) {
        units_free(&u);
        return NULL;
    }
    o = out;
    for (i = 0; i < u.n; i++) {
        if (u.flag[i] & U_UNDEF) {
            if (bad)
                *bad = u.at[i];
            free(out);
            units_free(&u);
            return NULL;
        }
        o += utf8_put(u.cp[i], o);
    }
    *o = '\0';
    if (outlen)
        *outlen = (size_t)(o - out);
    units_free(&u);
    return out;
}

/* Pass 1: is the file UTF-8 already (valid, with some non-ASCII text)?
 * Converting it would garble every letter. */
static int already_utf8(FILE *in, char **line, size_t *cap)
{
    ssize_t len;
    int high = 0;
    while ((len = getline(line, cap, in)) >= 0) {
        size_t i;
        for (i = 0; i < (size_t)len && !high; i++)
            high = (unsigned char)(*line)[i] >= 0x80;
        if (utf8_check(*line, (size_t)len, NULL) != 0)
            return 0;
    }
    return high;
}

int legacy_convert_file(LegacyEnc e, const char *path, const char *name, FILE *out, Diag *d)
{
    FILE *in;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;

    if (e == LEGACY_NONE)
        return diag_set(d, name, 0, 0, "no encoding to convert from");
    in = fopen(path, "rb");
    if (!in)
        return diag_set(d, name, 0, 0, "cannot open: %s", strerror(errno));
    outfile_protect(path);
    if (already_utf8(in, &line, &cap)) {
        free(line);
        fclose(in);
        return diag_set(d, name, 0, 0, "the file is UTF-8 already: nothing to convert");
    }
    if (ferror(in) || fseek(in, 0, SEEK_SET) != 0) {
        rc = diag_set(d, name, 0, 0, "read error: %s", strerror(errno ? errno : EIO));
        free(line);
        fclose(in);
        return rc;
    }
    errno = 0;
    while ((len = getline(&line, &cap, in)) >= 0) {
        size_t olen, bad;
        char *conv;
        lineno++;
        conv = legacy_to_utf8(e, line, (size_t)len, &olen, &bad);
        if (!conv) {
            if (bad != (size_t)-1)
                rc = diag_set(d, name, lineno, (long)bad + 1,
                              "byte 0x%02X is not defined in %s: is the file in another "
                              "encoding?%s", (unsigned char)line[bad], legacy_name(e),
                              e == LEGACY_TCVN3 ? " (TCVN 5712 VN1, with capitals of their "
                                                  "own: iconv -f TCVN5712-1 -t UTF-8)" : "");
            else
                rc = diag_set(d, name, lineno, 0, "out of memory");
            break;
        }
        if (olen && fwrite(conv, 1, olen, out) != olen) {
            free(conv);
            rc = diag_set(d, name, 0, 0, "cannot write the converted text: %s", strerror(errno));
            break;
        }
        free(conv);
    }
    if (rc == 0 && ferror(in))
        rc = diag_set(d, name, 0, 0, "read error: %s", strerror(errno ? errno : EIO));
    free(line);
    fclose(in);
    return rc;
}
