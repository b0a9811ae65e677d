/*
 * _lexsearch.c -- exact vertex enumeration of {z >= 0, C z <= 1}.
 *
 * A fast, drop-in replacement of the pure-Python search `vertices` in
 * polytope.py.  That module's docstrings state the mathematics; this file
 * follows the same algorithm step by step, so that both return the same
 * vertices, with the same (unreduced) numerators, in the same order.
 *
 * The search.  Bases of the system [C | I](z, w) = 1 (variables z_0..z_{d-1},
 * then the slacks w_0..w_{k-1}) are visited depth first from the slack basis.
 * From a basis, each nonbasic variable enters once, in decreasing index order;
 * the leaving row is chosen by the lexicographic minimum-ratio test on the
 * right-hand side followed by the slack columns (Dantzig, Orden & Wolfe 1955),
 * i.e. the simplex method on the perturbed right-hand side 1 + (eps, eps^2, ...).
 * That makes every basis reached lexicographically feasible and the graph of
 * such bases connected, so every vertex of the (possibly degenerate) polytope
 * is found.  A hash set of visited bases (bit masks) stops the search from
 * walking in circles, and a second hash table keyed by the vertex's label mask
 * records each vertex once, at the first basis that shows it.
 *
 * Tableaux.  The arithmetic is exact and fraction-free (Bareiss), as in lrs
 * (Avis 2000): the tableau of a basis B is the integer matrix
 * det * B^{-1} [1 | C | I] with det = |det B| > 0.  It is kept in dictionary
 * form -- the right-hand side and the d nonbasic columns only, since a basic
 * column is det times a unit vector -- so a tableau is a k x (1 + d) matrix
 *
 *     A[r][0]      right-hand side of row r (basic variable basic[r]),
 *     A[r][1 + c]  column of the nonbasic variable cobasic[c].
 *
 * A pivot on row r and column 1 + c (entering e = cobasic[c], leaving
 * l = basic[r], p = A[r][1 + c] > 0) is
 *
 *     A'[i][j]     = (p A[i][j] - A[i][1+c] A[r][j]) / det   (i != r, j != 1+c)
 *     A'[i][1+c]   = -A[i][1+c]                              (i != r)
 *     A'[r][j]     = A[r][j],   A'[r][1+c] = det,   det' = p,
 *
 * all divisions exact.  The tableau of a basis is unique, so pivoting the new
 * tableau on the same position (whose element is the old det) gives the old
 * tableau back exactly.
 *
 * Numbers.  A tableau is held in int64 while all its entries x have
 * |x| < 2^63, else in int128 while |x| < 2^127, else in GMP.  The int64 and
 * int128 pivots compute num = p A[i][j] - A[i][1+c] A[r][j] exactly in twice
 * the width (both products are below 2^126, resp. 2^254, in absolute value,
 * so there is no overflow).  The quotient num / det is in range if and only
 * if |num| < det 2^63, resp. det 2^127, which is checked; it is then found
 * exactly as (num / 2^tz) times the inverse of the odd part of det = 2^tz odd
 * modulo 2^64, resp. 2^128 (Hensel division: the quotient is exact and fits).
 * So an entry that leaves the range is always detected, and the pivot is
 * then redone one width up.  A GMP tableau comes back down as soon as all
 * its entries are in range.
 *
 * The path.  As in the reference, the neighbours of a basis (entering and
 * leaving variable) are found when the basis is first reached and kept on a
 * stack; those already visited then are dropped, the others are tried later,
 * last first, each checked again against the visited set.  Only going to a
 * neighbour needs the tableau, and the search path is long (a DFS of this
 * graph goes nearly as deep as there are bases) while the places where it
 * branches are few.  So not all tableaux of the path are kept: only those at
 * depths that are multiples of a spacing (1 at first, doubled whenever the
 * checkpoints would exceed a memory budget), and the current one.  A tableau
 * needed again is rebuilt from the nearest of these, by pivoting forward from
 * the checkpoint below, or by the reverse pivots down from the checkpoint
 * above or from the current tableau.
 *
 * The search itself runs without the GIL; the Python objects are built at the
 * end.
 *
 * References: D. Avis, lrs: a revised implementation of the reverse search
 * vertex enumeration algorithm, in Polytopes -- Combinatorics and Computation
 * (2000) 177-198.  G. Dantzig, A. Orden, P. Wolfe, The generalized simplex
 * method for minimizing a linear form under linear inequality restraints,
 * Pacific J. Math. 5 (1955) 183-195.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <gmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Bit masks and stored numbers are arrays of 64-bit words, the latter read
 * back as GMP limbs. */
#if GMP_LIMB_BITS != 64 || GMP_NAIL_BITS != 0
#error "_lexsearch needs 64-bit GMP limbs without nails"
#endif
typedef uint64_t word_t;
typedef __int128 i128;
typedef unsigned __int128 u128;

#define WORD_BITS 64
#define FLIP_BIT(mask, v) ((mask)[(v) / WORD_BITS] ^= (word_t)1 << ((v) % WORD_BITS))
#define CLEAR_BIT(mask, v) ((mask)[(v) / WORD_BITS] &= ~((word_t)1 << ((v) % WORD_BITS)))

/* Memory budget for the checkpoint tableaux of the search path; tests lower
 * it (_set_path_budget) to exercise the rebuilding of tableaux. */
static size_t path_budget = (size_t)64 << 20;
#define MAX_CHECKPOINTS 65536
/* Check for KeyboardInterrupt every this many bases. */
#define SIGNAL_PERIOD 4096

/* Outcomes; ERR_PYTHON and ERR_INTERRUPT leave a Python exception set. */
enum { OK = 0, ERR_LIMIT, ERR_UNBOUNDED, ERR_NOMEM, ERR_INTERRUPT, ERR_PYTHON };

/* ------------------------------------------------------------------------ */
/* Hash table of bit masks (open addressing, linear probing).                */
/* ------------------------------------------------------------------------ */

/* Each entry is the key's words followed by its value, so that a probe reads
 * one cache line. */
typedef struct {
    size_t words;   /* words per key */
    size_t stride;  /* words per entry: words + 1 */
    size_t mask;    /* capacity - 1; the capacity is a power of two */
    size_t count;
    word_t *data;   /* capacity * stride */
} MaskTable;

static uint64_t
mask_hash(const word_t *key, size_t words)
{
    uint64_t h = 0x243F6A8885A308D3ull;
    for (size_t i = 0; i < words; i++) {
        h = (h ^ key[i]) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
}

static int
table_init(MaskTable *t, size_t words, size_t capacity)
{
    t->words = words;
    t->stride = words + 1;
    t->mask = capacity - 1;
    t->count = 0;
    t->data = calloc(capacity * t->stride, sizeof(word_t));
    return t->data ? 0 : -1;
}

static void
table_free(MaskTable *t)
{
    free(t->data);
    t->data = NULL;
}

/* The value stored in slot i (0: empty). */
static inline word_t
table_value(const MaskTable *t, size_t i)
{
    return t->data[i * t->stride + t->words];
}

/* The slot holding `key`, or the empty slot where it would go. */
static size_t
table_find(const MaskTable *t, const word_t *key)
{
    const size_t w = t->words;
    size_t i = mask_hash(key, w) & t->mask;
    for (;;) {
        const word_t *entry = t->data + i * t->stride;
        if (!entry[w])
            return i;
        size_t j = 0;
        while (j < w && entry[j] == key[j])
            j++;
        if (j == w)
            return i;
        i = (i + 1) & t->mask;
    }
}

static int
table_grow(MaskTable *t)
{
    MaskTable bigger;
    const size_t capacity = t->mask + 1;
    if (table_init(&bigger, t->words, 2 * capacity) < 0)
        return -1;
    for (size_t i = 0; i < capacity; i++) {
        const word_t *entry = t->data + i * t->stride;
        if (entry[t->words]) {
            const size_t j = table_find(&bigger, entry);
            memcpy(bigger.data + j * t->stride, entry, t->stride * sizeof(word_t));
        }
    }
    bigger.count = t->count;
    table_free(t);
    *t = bigger;
    return 0;
}

/* Store `key` with value `val` (> 0) in the empty slot `i` from table_find. */
static int
table_put(MaskTable *t, size_t i, const word_t *key, word_t val)
{
    word_t *entry = t->data + i * t->stride;
    memcpy(entry, key, t->words * sizeof(word_t));
    entry[t->words] = val;
    t->count++;
    if (2 * t->count > t->mask) /* keep the load factor at most 1/2 */
        return table_grow(t);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Fixed-width arithmetic.                                                   */
/* ------------------------------------------------------------------------ */

/* A signed 256-bit integer, two's complement: hi * 2^128 + lo. */
typedef struct {
    u128 hi, lo;
} i256;

/* a * b exactly: the unsigned product of the two's complement patterns,
 * whose high half is then corrected for the signs. */
static inline i256
mul_128(i128 a, i128 b)
{
    const u128 ua = (u128)a, ub = (u128)b;
    const u128 a0 = (uint64_t)ua, a1 = ua >> 64, b0 = (uint64_t)ub, b1 = ub >> 64;
    const u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    i256 x = {p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (mid << 64) | (uint64_t)p00};
    x.hi -= (a < 0 ? ub : 0) + (b < 0 ? ua : 0);
    return x;
}

static inline i256
sub_256(i256 x, i256 y)
{
    i256 r = {x.hi - y.hi - (x.lo < y.lo), x.lo - y.lo};
    return r;
}

/* -1, 0, 1 as x <, =, > y. */
static inline int
cmp_256(i256 x, i256 y)
{
    if (x.hi != y.hi)
        return (i128)x.hi < (i128)y.hi ? -1 : 1;
    return x.lo < y.lo ? -1 : x.lo > y.lo;
}

/* The inverse of an odd a modulo 2^64, resp. 2^128 (Newton's iteration
 * doubles the number of correct low bits; a * a == 1 mod 8 gives 3). */
static inline uint64_t
inverse_64(uint64_t a)
{
    uint64_t x = a;
    for (int i = 0; i < 5; i++)
        x *= 2 - a * x;
    return x;
}

static inline u128
inverse_128(u128 a)
{
    u128 x = a;
    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

static inline int
ctz_128(u128 x)
{
    const uint64_t lo = (uint64_t)x;
    return lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(x >> 64));
}

/* In the int64 range used: |x| < 2^63. */
static inline int
fits_64(i128 x)
{
    return x > INT64_MIN && x <= INT64_MAX;
}

/* Between int128 and GMP; the int128 range used is |x| < 2^127. */
static void
mpz_set_128(mpz_ptr z, i128 x)
{
    const u128 u = x < 0 ? -(u128)x : (u128)x;
    if (u == 0) {
        mpz_set_ui(z, 0);
        return;
    }
    mp_limb_t *p = mpz_limbs_write(z, 2);
    p[0] = (uint64_t)u;
    p[1] = (uint64_t)(u >> 64);
    const mp_size_t n = p[1] ? 2 : 1;
    mpz_limbs_finish(z, x < 0 ? -n : n);
}

static int
mpz_get_128(mpz_srcptr z, i128 *x)
{
    const size_t n = mpz_size(z);
    if (n > 2)
        return 0;
    const u128 u = (n > 0 ? (u128)mpz_getlimbn(z, 0) : 0) | (n > 1 ? (u128)mpz_getlimbn(z, 1) << 64 : 0);
    if (u >> 127)
        return 0;
    *x = mpz_sgn(z) < 0 ? -(i128)u : (i128)u;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Tableaux and the solver.                                                  */
/* ------------------------------------------------------------------------ */

enum { SMALL, MID, BIG };  /* the number kinds: int64, int128, GMP */

typedef struct {
    int kind;
    int64_t *s;     /* entries, k x (1 + d) row major, in the array of the kind */
    i128 *m;
    mpz_t *z;
    int64_t sdet;   /* det, in the field of the kind */
    i128 mdet;
    mpz_t zdet;
    int *basic;     /* basic[r]: the variable basic in row r */
    int *cobasic;   /* cobasic[c]: the variable of column 1 + c */
    int *pos;       /* pos[v] = r if v is basic in row r, else -1 - c */
    word_t *key;    /* bit mask of the basic variables */
} Tab;

/* A tableau saved compactly (in mpz_t, every checkpoint would cost one
 * malloc per entry): the basis, then det and the entries. */
typedef struct {
    int kind;
    int *basic;     /* basic, cobasic and pos, as in Tab */
    word_t *key;
    word_t *num;    /* SMALL: one word each; MID: two (low, high); BIG: a
                     * signed limb count, then the limbs */
    size_t cap;     /* words allocated in num */
} Checkpoint;

typedef struct {
    size_t pending; /* index in Solver.pend of this depth's first neighbour */
    int row, col;   /* the pivot from this depth to the next on the path */
} Frame;

typedef struct {
    int k, d, n, cols;   /* n = d + k variables; cols = 1 + d */
    size_t entries;      /* k * cols */
    size_t nbasis;       /* k + d + n ints of basic, cobasic and pos */
    size_t words;        /* words per bit mask */
    long long limit;     /* max number of bases, -1 for none */

    /* Tableaux of the path: checkpoints, and two work buffers, one of them
     * the current tableau. */
    Checkpoint *ckpt;    /* ckpt[j]: depth j * spacing, valid for depths <= top */
    size_t nckpt;        /* capacity of ckpt (from the memory budget) */
    size_t spacing;      /* a power of two */
    Tab work[2];
    Tab *cur;            /* the tableau of depth cur_depth on the path */
    size_t cur_depth;
    size_t top;          /* the depth reached by the last descent */

    /* The path: per depth a frame and the basis mask, and a stack of the
     * neighbours still to try, as pairs (entering, leaving variable). */
    Frame *frames;
    word_t *frame_keys;
    size_t frames_cap;
    int32_t *pend;
    size_t npend, pend_cap;

    MaskTable visited;   /* bases seen, value 1 */
    MaskTable found;     /* label masks of vertices, value index + 1 */
    size_t nbases;

    /* Vertices found, one after the other in an arena of words: the label
     * mask, then the d numerators and the denominator, each as a signed
     * limb count followed by the limbs (least significant first). */
    size_t nvert;
    word_t *arena;
    size_t arena_len, arena_cap;

    /* Scratch: a tableau widened to int128 or GMP for the pivot one width up. */
    i128 *wide_m;
    mpz_t *wide_z;
    mpz_t wide_zdet;
    mpz_t t1, t2;
    word_t *all_labels, *labels, *child_key;  /* one mask each */
    PyThreadState *thread;
} Solver;

static int
tab_init(Solver *S, Tab *T)
{
    T->s = malloc(S->entries * sizeof(int64_t));
    T->m = malloc(S->entries * sizeof(i128));
    T->z = malloc(S->entries * sizeof(mpz_t));
    T->basic = malloc(S->nbasis * sizeof(int));
    T->key = calloc(S->words, sizeof(word_t));
    if (T->z) {
        for (size_t i = 0; i < S->entries; i++)
            mpz_init(T->z[i]);
        mpz_init(T->zdet);
    }
    if (!T->s || !T->m || !T->z || !T->basic || !T->key)
        return -1;
    T->cobasic = T->basic + S->k;
    T->pos = T->cobasic + S->d;
    return 0;
}

static void
tab_free(Solver *S, Tab *T)
{
    if (T->z) {
        for (size_t i = 0; i < S->entries; i++)
            mpz_clear(T->z[i]);
        mpz_clear(T->zdet);
    }
    free(T->s);
    free(T->m);
    free(T->z);
    free(T->basic);
    free(T->key);
}

/* ------------------------------------------------------------------------ */
/* Pivots.                                                                   */
/* ------------------------------------------------------------------------ */

/* int64 -> int64.  Returns 0, or 1 if an entry is out of range (dst is then
 * garbage). */
static int
pivot_small(Solver *S, const int64_t *A, int64_t det, Tab *dst, int r, int c)
{
    const int cols = S->cols, pc = 1 + c;
    const int64_t *R = A + (size_t)r * cols, p = R[pc];
    int64_t *B = dst->s;
    const int tz = __builtin_ctzll((uint64_t)det);
    const uint64_t inv = inverse_64((uint64_t)det >> tz);
    const i128 bound = (i128)det << 63;  /* |num| < bound iff |num / det| < 2^63 */

    for (int i = 0; i < S->k; i++) {
        const int64_t *Ai = A + (size_t)i * cols;
        int64_t *Bi = B + (size_t)i * cols;
        if (i == r) {
            memcpy(Bi, Ai, cols * sizeof(int64_t));
            Bi[pc] = det;
            continue;
        }
        const int64_t ci = Ai[pc];
        for (int j = 0; j < cols; j++) {
            const i128 num = (i128)p * Ai[j] - (i128)ci * R[j];
            if (num >= bound || num <= -bound)
                return 1;
            Bi[j] = (int64_t)((uint64_t)(num >> tz) * inv);
        }
        Bi[pc] = -ci;
    }
    dst->sdet = p;
    dst->kind = SMALL;
    return 0;
}

/* int128 -> int128, or int64 if everything fits.  Returns 0, or 1 if an
 * entry is out of range. */
static int
pivot_mid(Solver *S, const i128 *A, i128 det, Tab *dst, int r, int c)
{
    const int cols = S->cols, pc = 1 + c;
    const i128 *R = A + (size_t)r * cols, p = R[pc];
    i128 *B = dst->m;
    const int tz = ctz_128((u128)det);
    const u128 inv = inverse_128((u128)det >> tz);
    /* The quotient of num by det is in (-2^127, 2^127) iff num is strictly
     * between -bound and bound = det 2^127. */
    const i256 bound = {(u128)det >> 1, (u128)det << 127}, zero = {0, 0};
    const i256 minus_bound = sub_256(zero, bound);
    int small = fits_64(p);

    for (int i = 0; i < S->k; i++) {
        const i128 *Ai = A + (size_t)i * cols;
        i128 *Bi = B + (size_t)i * cols;
        if (i == r) {
            memcpy(Bi, Ai, cols * sizeof(i128));
            Bi[pc] = det;
        }
        else {
            const i128 ci = Ai[pc];
            for (int j = 0; j < cols; j++) {
                const i256 num = sub_256(mul_128(p, Ai[j]), mul_128(ci, R[j]));
                if (cmp_256(num, bound) >= 0 || cmp_256(num, minus_bound) <= 0)
                    return 1;
                /* num / det exactly: num 2^-tz times the inverse of the odd
                 * part of det, modulo 2^128. */
                const u128 shifted = tz ? num.lo >> tz | num.hi << (128 - tz) : num.lo;
                Bi[j] = (i128)(shifted * inv);
            }
            Bi[pc] = -ci;
        }
        for (int j = 0; j < cols && small; j++)
            small = fits_64(Bi[j]);
    }
    dst->mdet = p;
    dst->kind = MID;
    if (small) {
        for (size_t e = 0; e < S->entries; e++)
            dst->s[e] = (int64_t)B[e];
        dst->sdet = (int64_t)p;
        dst->kind = SMALL;
    }
    return 0;
}

/* GMP -> GMP, or a narrower kind if everything fits. */
static void
pivot_big(Solver *S, mpz_t *A, mpz_srcptr det, Tab *dst, int r, int c)
{
    const int cols = S->cols, pc = 1 + c;
    mpz_t *R = A + (size_t)r * cols;
    mpz_t *B = dst->z;
    mpz_ptr t = S->t1;
    const int det_one = mpz_cmp_ui(det, 1) == 0;

    for (int i = 0; i < S->k; i++) {
        mpz_t *Ai = A + (size_t)i * cols;
        mpz_t *Bi = B + (size_t)i * cols;
        if (i == r) {
            for (int j = 0; j < cols; j++)
                mpz_set(Bi[j], Ai[j]);
            mpz_set(Bi[pc], det);
        }
        else if (mpz_sgn(Ai[pc]) == 0) {
            /* Only the rescaling by p / det. */
            for (int j = 0; j < cols; j++) {
                if (mpz_sgn(Ai[j]) == 0)
                    mpz_set_ui(Bi[j], 0);
                else if (det_one)
                    mpz_mul(Bi[j], R[pc], Ai[j]);
                else {
                    mpz_mul(t, R[pc], Ai[j]);
                    mpz_divexact(Bi[j], t, det);
                }
            }
        }
        else {
            for (int j = 0; j < cols; j++) {
                if (j == pc)
                    continue;
                mpz_mul(t, R[pc], Ai[j]);
                mpz_submul(t, Ai[pc], R[j]);
                if (det_one)
                    mpz_swap(Bi[j], t);
                else
                    mpz_divexact(Bi[j], t, det);
            }
            mpz_neg(Bi[pc], Ai[pc]);
        }
    }
    mpz_set(dst->zdet, R[pc]);
    dst->kind = BIG;

    /* Narrow down if possible. */
    int mid = mpz_get_128(dst->zdet, &dst->mdet);
    for (size_t e = 0; e < S->entries && mid; e++)
        mid = mpz_get_128(B[e], &dst->m[e]);
    if (!mid)
        return;
    dst->kind = MID;
    int small = fits_64(dst->mdet);
    for (size_t e = 0; e < S->entries && small; e++)
        small = fits_64(dst->m[e]);
    if (small) {
        for (size_t e = 0; e < S->entries; e++)
            dst->s[e] = (int64_t)dst->m[e];
        dst->sdet = (int64_t)dst->mdet;
        dst->kind = SMALL;
    }
}

/* dst := src pivoted on row r, column 1 + c (src and dst distinct), in the
 * narrowest kind that holds the result. */
static void
pivot(Solver *S, const Tab *src, Tab *dst, int r, int c)
{
    const int enter = src->cobasic[c], leave = src->basic[r];
    memcpy(dst->basic, src->basic, S->nbasis * sizeof(int));
    memcpy(dst->key, src->key, S->words * sizeof(word_t));
    dst->basic[r] = enter;
    dst->cobasic[c] = leave;
    dst->pos[enter] = r;
    dst->pos[leave] = -1 - c;
    FLIP_BIT(dst->key, enter);
    FLIP_BIT(dst->key, leave);

    if (src->kind == BIG) {
        pivot_big(S, src->z, src->zdet, dst, r, c);
        return;
    }
    const i128 *A = src->m;
    i128 det = src->mdet;
    if (src->kind == SMALL) {
        if (pivot_small(S, src->s, src->sdet, dst, r, c) == 0)
            return;
        for (size_t e = 0; e < S->entries; e++)
            S->wide_m[e] = src->s[e];
        A = S->wide_m;
        det = src->sdet;
    }
    if (pivot_mid(S, A, det, dst, r, c) == 0)
        return;
    for (size_t e = 0; e < S->entries; e++)
        mpz_set_128(S->wide_z[e], A[e]);
    mpz_set_128(S->wide_zdet, det);
    pivot_big(S, S->wide_z, S->wide_zdet, dst, r, c);
}

/* ------------------------------------------------------------------------ */
/* Lexicographic minimum-ratio test.                                         */
/* ------------------------------------------------------------------------ */

/* Is row a's ratio vector (rhs, slack columns) / ta lexicographically smaller
 * than row b's / tb?  (ta, tb > 0.)  The cross products x_a tb and x_b ta
 * are compared component by component.  A basic slack's column is det times
 * a unit vector, so it only matters in its own row, where it is positive.
 * The three versions differ only in the arithmetic. */
#define LEX_LESS_BODY(CMP)                                                   \
    const size_t ra = (size_t)a * S->cols, rb = (size_t)b * S->cols;         \
    int sign = CMP(ra, rb);                                                  \
    if (sign)                                                                \
        return sign < 0;                                                     \
    for (int i = 0; i < S->k; i++) {                                         \
        const int p = T->pos[S->d + i];                                      \
        if (p >= 0) {                                                        \
            if (p == a)                                                      \
                return 0;                                                    \
            if (p == b)                                                      \
                return 1;                                                    \
            continue;                                                        \
        }                                                                    \
        /* column 1 + c for p = -1 - c */                                    \
        sign = CMP(ra + (size_t)-p, rb + (size_t)-p);                        \
        if (sign)                                                            \
            return sign < 0;                                                 \
    }                                                                        \
    return 0; /* unreachable: B^{-1} has no two proportional rows */

#define CMP_SMALL(ia, ib) cmp_small(T->s[ia] * (i128)tb, T->s[ib] * (i128)ta)
#define CMP_MID(ia, ib) cmp_256(mul_128(T->m[ia], tb), mul_128(T->m[ib], ta))
#define CMP_BIG(ia, ib) cmp_big(S, T->z[ia], tb, T->z[ib], ta)

static inline int
cmp_small(i128 x, i128 y)
{
    return (x > y) - (x < y);
}

/* sign(xa tb - xb ta) for ta, tb > 0. */
static inline int
cmp_big(Solver *S, mpz_srcptr xa, mpz_srcptr tb, mpz_srcptr xb, mpz_srcptr ta)
{
    const int sa = mpz_sgn(xa), sb = mpz_sgn(xb);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    mpz_mul(S->t1, xa, tb);
    mpz_mul(S->t2, xb, ta);
    return mpz_cmp(S->t1, S->t2);
}

static int
lex_less_small(const Solver *S, const Tab *T, int a, int64_t ta, int b, int64_t tb)
{
    LEX_LESS_BODY(CMP_SMALL)
}

static int
lex_less_mid(const Solver *S, const Tab *T, int a, i128 ta, int b, i128 tb)
{
    LEX_LESS_BODY(CMP_MID)
}

static int
lex_less_big(Solver *S, const Tab *T, int a, mpz_srcptr ta, int b, mpz_srcptr tb)
{
    LEX_LESS_BODY(CMP_BIG)
}

/* The leaving row when column 1 + c enters, or -1 if none (unbounded). */
static int
ratio_test(Solver *S, const Tab *T, int c)
{
    const int cols = S->cols, pc = 1 + c;
    int best = -1;
    if (T->kind == SMALL) {
        int64_t tb = 0;
        for (int i = 0; i < S->k; i++) {
            const int64_t t = T->s[(size_t)i * cols + pc];
            if (t > 0 && (best < 0 || lex_less_small(S, T, i, t, best, tb))) {
                best = i;
                tb = t;
            }
        }
    }
    else if (T->kind == MID) {
        i128 tb = 0;
        for (int i = 0; i < S->k; i++) {
            const i128 t = T->m[(size_t)i * cols + pc];
            if (t > 0 && (best < 0 || lex_less_mid(S, T, i, t, best, tb))) {
                best = i;
                tb = t;
            }
        }
    }
    else {
        mpz_srcptr tb = NULL;
        for (int i = 0; i < S->k; i++) {
            mpz_srcptr t = T->z[(size_t)i * cols + pc];
            if (mpz_sgn(t) > 0 && (best < 0 || lex_less_big(S, T, i, t, best, tb))) {
                best = i;
                tb = t;
            }
        }
    }
    return best;
}

/* ------------------------------------------------------------------------ */
/* Numbers as words: a signed limb count, then the limbs.                    */
/* ------------------------------------------------------------------------ */

/* Entry e of T (e == entries: det) written at out; returns the words used
 * (at most 3 unless BIG). */
static size_t
put_number(const Solver *S, const Tab *T, size_t e, word_t *out)
{
    if (T->kind == BIG) {
        mpz_srcptr x = e < S->entries ? T->z[e] : T->zdet;
        const size_t n = mpz_size(x);
        out[0] = (word_t)(int64_t)x->_mp_size;
        memcpy(out + 1, mpz_limbs_read(x), n * sizeof(word_t));
        return 1 + n;
    }
    const i128 x = T->kind == MID ? (e < S->entries ? T->m[e] : T->mdet)
                                  : (e < S->entries ? T->s[e] : T->sdet);
    const u128 u = x < 0 ? -(u128)x : (u128)x;
    const int64_t n = u == 0 ? 0 : u >> 64 ? 2 : 1;
    out[0] = (word_t)(x < 0 ? -n : n);
    out[1] = (uint64_t)u;
    out[2] = (uint64_t)(u >> 64);
    return 1 + (size_t)n;
}

/* An upper bound on the words put_number needs for all of T's numbers. */
static size_t
number_words(const Solver *S, const Tab *T)
{
    if (T->kind != BIG)
        return 3 * (S->entries + 1);
    size_t need = 1 + mpz_size(T->zdet);
    for (size_t e = 0; e < S->entries; e++)
        need += 1 + mpz_size(T->z[e]);
    return need;
}

static int
rhs_nonzero(const Solver *S, const Tab *T, int r)
{
    const size_t e = (size_t)r * S->cols;
    return T->kind == SMALL ? T->s[e] != 0 : T->kind == MID ? T->m[e] != 0 : mpz_sgn(T->z[e]) != 0;
}

/* ------------------------------------------------------------------------ */
/* Vertices.                                                                 */
/* ------------------------------------------------------------------------ */

/* Record the vertex of tableau T if its label mask is new: the labels, then
 * z_j = (rhs of z_j's row, or 0 if z_j is nonbasic) for each j, then det. */
static int
record(Solver *S, const Tab *T)
{
    const int d = S->d;
    word_t *labels = S->labels;
    memcpy(labels, S->all_labels, S->words * sizeof(word_t));
    for (int r = 0; r < S->k; r++) {
        if (rhs_nonzero(S, T, r))
            CLEAR_BIT(labels, T->basic[r]);
    }
    const size_t slot = table_find(&S->found, labels);
    if (table_value(&S->found, slot))
        return OK;

    const size_t need = S->words + (size_t)(d + 1) + number_words(S, T);
    if (S->arena_len + need > S->arena_cap) {
        const size_t cap = 2 * (S->arena_cap + need);
        word_t *arena = realloc(S->arena, cap * sizeof(word_t));
        if (!arena)
            return ERR_NOMEM;
        S->arena = arena;
        S->arena_cap = cap;
    }
    word_t *out = S->arena + S->arena_len;
    memcpy(out, labels, S->words * sizeof(word_t));
    out += S->words;
    for (int j = 0; j < d; j++) {
        if (T->pos[j] < 0)
            *out++ = 0;
        else
            out += put_number(S, T, (size_t)T->pos[j] * S->cols, out);
    }
    out += put_number(S, T, S->entries, out);
    S->arena_len = (size_t)(out - S->arena);
    S->nvert++;
    return table_put(&S->found, slot, labels, S->nvert) < 0 ? ERR_NOMEM : OK;
}

/* ------------------------------------------------------------------------ */
/* Checkpoints.                                                              */
/* ------------------------------------------------------------------------ */

static int
ckpt_save(const Solver *S, const Tab *T, Checkpoint *C)
{
    if (!C->basic) {
        C->basic = malloc(S->nbasis * sizeof(int));
        C->key = malloc(S->words * sizeof(word_t));
        if (!C->basic || !C->key)
            return ERR_NOMEM;
    }
    const size_t need = number_words(S, T);
    if (need > C->cap) {
        word_t *num = realloc(C->num, need * sizeof(word_t));
        if (!num)
            return ERR_NOMEM;
        C->num = num;
        C->cap = need;
    }
    memcpy(C->basic, T->basic, S->nbasis * sizeof(int));
    memcpy(C->key, T->key, S->words * sizeof(word_t));
    C->kind = T->kind;
    word_t *out = C->num;
    if (T->kind == SMALL) {
        out[0] = (word_t)T->sdet;
        memcpy(out + 1, T->s, S->entries * sizeof(int64_t));
    }
    else if (T->kind == MID) {
        for (size_t e = 0; e <= S->entries; e++) {
            const u128 x = (u128)(e < S->entries ? T->m[e] : T->mdet);
            out[2 * e] = (uint64_t)x;
            out[2 * e + 1] = (uint64_t)(x >> 64);
        }
    }
    else {
        for (size_t e = 0; e <= S->entries; e++)
            out += put_number(S, T, e, out);
    }
    return OK;
}

static void
ckpt_load(const Solver *S, const Checkpoint *C, Tab *T)
{
    memcpy(T->basic, C->basic, S->nbasis * sizeof(int));
    memcpy(T->key, C->key, S->words * sizeof(word_t));
    T->kind = C->kind;
    const word_t *in = C->num;
    if (C->kind == SMALL) {
        T->sdet = (int64_t)in[0];
        memcpy(T->s, in + 1, S->entries * sizeof(int64_t));
    }
    else if (C->kind == MID) {
        for (size_t e = 0; e <= S->entries; e++) {
            const i128 x = (i128)((u128)in[2 * e] | (u128)in[2 * e + 1] << 64);
            if (e < S->entries)
                T->m[e] = x;
            else
                T->mdet = x;
        }
    }
    else {
        for (size_t e = 0; e <= S->entries; e++) {
            mpz_ptr x = e < S->entries ? T->z[e] : T->zdet;
            const int64_t size = (int64_t)*in++;
            const size_t n = (size_t)(size < 0 ? -size : size);
            if (n == 0) {
                mpz_set_ui(x, 0);
                continue;
            }
            memcpy(mpz_limbs_write(x, (mp_size_t)n), in, n * sizeof(word_t));
            mpz_limbs_finish(x, (mp_size_t)size);
            in += n;
        }
    }
}

static void
ckpt_free(Checkpoint *C)
{
    free(C->basic);
    free(C->key);
    free(C->num);
}

/* ------------------------------------------------------------------------ */
/* The depth-first search.                                                   */
/* ------------------------------------------------------------------------ */

/* The work buffer other than T. */
static Tab *
other_work(Solver *S, const Tab *T)
{
    return T == &S->work[0] ? &S->work[1] : &S->work[0];
}

/* The tableau of the path at `depth` (<= cur_depth), rebuilt if need be from
 * the cheapest of: the checkpoint below (pivots forward), the checkpoint
 * above if it is still on the path, or the current tableau (reverse pivots:
 * from depth a + 1 to a, on the position of the pivot from a to a + 1). */
static Tab *
tableau_at(Solver *S, size_t depth)
{
    if (S->cur_depth == depth)
        return S->cur;
    const size_t s = S->spacing, below = depth - depth % s, above = below + s;
    const size_t from_cur = S->cur_depth - depth, from_below = depth - below;
    const size_t from_above = above <= S->top ? above - depth : SIZE_MAX;
    Tab *src = S->cur;
    size_t at = S->cur_depth;
    if (from_below < from_cur || from_above < from_cur) {
        at = from_below <= from_above ? below : above;
        src = other_work(S, S->cur);
        ckpt_load(S, &S->ckpt[at / s], src);
    }
    while (at != depth) {
        Tab *dst = other_work(S, src);
        const Frame *F = &S->frames[at < depth ? at : at - 1];
        pivot(S, src, dst, F->row, F->col);
        src = dst;
        at = at < depth ? at + 1 : at - 1;
    }
    S->cur = src;
    S->cur_depth = depth;
    return src;
}

/* Save the tableau T of the new path depth `depth` if that depth has a
 * checkpoint; when out of checkpoints, keep every other one and double the
 * spacing. */
static int
checkpoint(Solver *S, size_t depth, const Tab *T)
{
    if (depth % S->spacing)
        return OK;
    if (depth / S->spacing >= S->nckpt) {
        for (size_t i = 1; 2 * i < S->nckpt; i++) {  /* ckpt[i] := ckpt[2 i] */
            Checkpoint t = S->ckpt[i];
            S->ckpt[i] = S->ckpt[2 * i];
            S->ckpt[2 * i] = t;
        }
        S->spacing *= 2;
        if (depth % S->spacing)
            return OK;
    }
    return ckpt_save(S, T, &S->ckpt[depth / S->spacing]);
}

/* Enter the tableau T of the new path depth `depth`: note its basis and its
 * neighbours not yet visited (by increasing entering variable, so that the
 * last is tried first, as in the reference). */
static int
push_neighbours(Solver *S, size_t depth, const Tab *T)
{
    if (depth == S->frames_cap) {
        const size_t cap = 2 * S->frames_cap;
        Frame *fr = realloc(S->frames, cap * sizeof(Frame));
        if (fr)
            S->frames = fr;
        word_t *fk = realloc(S->frame_keys, cap * S->words * sizeof(word_t));
        if (fk)
            S->frame_keys = fk;
        if (!fr || !fk)
            return ERR_NOMEM;
        S->frames_cap = cap;
    }
    S->frames[depth].pending = S->npend;
    memcpy(S->frame_keys + depth * S->words, T->key, S->words * sizeof(word_t));
    if (S->npend + (size_t)S->d > S->pend_cap) {
        const size_t cap = 2 * (S->pend_cap + (size_t)S->d);
        int32_t *pe = realloc(S->pend, 2 * cap * sizeof(int32_t));
        if (!pe)
            return ERR_NOMEM;
        S->pend = pe;
        S->pend_cap = cap;
    }
    for (int v = 0; v < S->n; v++) {
        if (T->pos[v] >= 0)
            continue;
        const int r = ratio_test(S, T, -1 - T->pos[v]);
        if (r < 0)
            return ERR_UNBOUNDED;
        const int leave = T->basic[r];
        memcpy(S->child_key, T->key, S->words * sizeof(word_t));
        FLIP_BIT(S->child_key, v);
        FLIP_BIT(S->child_key, leave);
        if (table_value(&S->visited, table_find(&S->visited, S->child_key)))
            continue;
        S->pend[2 * S->npend] = v;
        S->pend[2 * S->npend + 1] = leave;
        S->npend++;
    }
    return OK;
}

/* Called without the GIL; S->work[0] holds the slack basis. */
static int
search(Solver *S)
{
    int status;
    size_t depth = 0;
    S->cur = &S->work[0];
    S->cur_depth = S->top = 0;
    if ((status = ckpt_save(S, S->cur, &S->ckpt[0])) != OK)
        return status;
    if (table_put(&S->visited, table_find(&S->visited, S->cur->key), S->cur->key, 1) < 0)
        return ERR_NOMEM;
    S->nbases = 1;
    if ((status = record(S, S->cur)) != OK || (status = push_neighbours(S, 0, S->cur)) != OK)
        return status;

    for (;;) {
        Frame *F = &S->frames[depth];
        if (S->npend == F->pending) {  /* every neighbour tried: back up */
            if (depth == 0)
                break;
            depth--;
            continue;
        }
        S->npend--;
        const int enter = S->pend[2 * S->npend], leave = S->pend[2 * S->npend + 1];
        memcpy(S->child_key, S->frame_keys + depth * S->words, S->words * sizeof(word_t));
        FLIP_BIT(S->child_key, enter);
        FLIP_BIT(S->child_key, leave);
        const size_t slot = table_find(&S->visited, S->child_key);
        if (table_value(&S->visited, slot))
            continue;
        if (table_put(&S->visited, slot, S->child_key, 1) < 0)
            return ERR_NOMEM;
        S->nbases++;

        /* Go down to the new basis. */
        const Tab *T = tableau_at(S, depth);
        F->row = T->pos[leave];
        F->col = -1 - T->pos[enter];
        Tab *child = other_work(S, T);
        pivot(S, T, child, F->row, F->col);
        depth++;
        S->cur = child;
        S->cur_depth = S->top = depth;
        if ((status = checkpoint(S, depth, child)) != OK || (status = record(S, child)) != OK
            || (status = push_neighbours(S, depth, child)) != OK)
            return status;

        if (S->limit >= 0 && S->nbases > (size_t)S->limit)
            return ERR_LIMIT;
        if (S->nbases % SIGNAL_PERIOD == 0) {
            PyEval_RestoreThread(S->thread);
            const int interrupted = PyErr_CheckSignals() < 0;
            S->thread = PyEval_SaveThread();
            if (interrupted)
                return ERR_INTERRUPT;
        }
    }
    return OK;
}

/* ------------------------------------------------------------------------ */
/* Conversions between Python ints and GMP.                                  */
/* ------------------------------------------------------------------------ */

static int
mpz_from_py(mpz_t out, PyObject *obj)
{
    PyObject *index = PyNumber_Index(obj);
    if (!index)
        return -1;
    int overflow;
    const long long v = PyLong_AsLongLongAndOverflow(index, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        Py_DECREF(index);
        return -1;
    }
    if (!overflow) {
        mpz_set_si(out, v);
        Py_DECREF(index);
        return 0;
    }
    PyObject *hex = PyNumber_ToBase(index, 16);  /* "0x..." or "-0x..." */
    Py_DECREF(index);
    if (!hex)
        return -1;
    const char *text = PyUnicode_AsUTF8(hex);
    if (!text) {
        Py_DECREF(hex);
        return -1;
    }
    const int negative = text[0] == '-';
    mpz_set_str(out, text + (negative ? 3 : 2), 16);
    if (negative)
        mpz_neg(out, out);
    Py_DECREF(hex);
    return 0;
}

/* The Python int of the limbs x[0..n) (least significant first), negated if
 * `negative`. */
static PyObject *
py_from_limbs(const word_t *x, size_t n, int negative)
{
    while (n > 0 && x[n - 1] == 0)
        n--;
    if (n == 0)
        return PyLong_FromLong(0);
    if (n == 1 && x[0] <= (word_t)INT64_MAX)
        return PyLong_FromLongLong(negative ? -(long long)x[0] : (long long)x[0]);
    mpz_t z;
    mpz_roinit_n(z, (const mp_limb_t *)x, negative ? -(mp_size_t)n : (mp_size_t)n);
    char stack[256];
    const size_t size = mpz_sizeinbase(z, 16) + 2;
    char *text = size <= sizeof(stack) ? stack : malloc(size);
    if (!text)
        return PyErr_NoMemory();
    mpz_get_str(text, 16, z);
    PyObject *result = PyLong_FromString(text, NULL, 16);
    if (text != stack)
        free(text);
    return result;
}

/* The list of (labels, numerators, denominator) from the arena. */
static PyObject *
build_result(Solver *S)
{
    PyObject *list = PyList_New((Py_ssize_t)S->nvert);
    if (!list)
        return NULL;
    const word_t *in = S->arena;
    for (size_t v = 0; v < S->nvert; v++) {
        PyObject *labels = py_from_limbs(in, S->words, 0);
        in += S->words;
        PyObject *nums = PyTuple_New(S->d);
        PyObject *den = NULL, *item = NULL;
        for (int j = 0; j <= S->d && labels && nums; j++) {
            const int64_t size = (int64_t)*in++;
            const size_t n = (size_t)(size < 0 ? -size : size);
            PyObject *x = py_from_limbs(in, n, size < 0);
            in += n;
            if (!x)
                break;
            if (j < S->d)
                PyTuple_SET_ITEM(nums, j, x);
            else
                den = x;
        }
        if (den)
            item = PyTuple_Pack(3, labels, nums, den);
        Py_XDECREF(labels);
        Py_XDECREF(nums);
        Py_XDECREF(den);
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)v, item);
    }
    return list;
}

/* ------------------------------------------------------------------------ */
/* Setup and the Python entry point.                                         */
/* ------------------------------------------------------------------------ */

static void
solver_free(Solver *S)
{
    if (S->ckpt) {
        for (size_t i = 0; i < S->nckpt; i++)
            ckpt_free(&S->ckpt[i]);
    }
    free(S->ckpt);
    tab_free(S, &S->work[0]);
    tab_free(S, &S->work[1]);
    free(S->frames);
    free(S->frame_keys);
    free(S->pend);
    table_free(&S->visited);
    table_free(&S->found);
    free(S->arena);
    free(S->wide_m);
    if (S->wide_z) {
        for (size_t i = 0; i < S->entries; i++)
            mpz_clear(S->wide_z[i]);
        free(S->wide_z);
    }
    mpz_clear(S->wide_zdet);
    mpz_clear(S->t1);
    mpz_clear(S->t2);
    free(S->all_labels);
}

/* Read C into the tableau T as [1 | C] (GMP); *bits bounds the size of every
 * tableau entry (a minor of [1 | C | I]) in bits. */
static int
read_matrix(Solver *S, PyObject *rows, Tab *T, size_t *bits)
{
    size_t extra = 1;  /* log2 sqrt(d + 2), rounded up */
    while (((size_t)1 << (2 * extra)) < (size_t)S->d + 2)
        extra++;
    *bits = 0;
    for (int r = 0; r < S->k; r++) {
        PyObject *row = PySequence_Fast(PySequence_Fast_GET_ITEM(rows, r), "C must be a list of lists");
        if (!row)
            return -1;
        if (PySequence_Fast_GET_SIZE(row) != S->d) {
            Py_DECREF(row);
            PyErr_SetString(PyExc_ValueError, "the rows of C must have equal lengths");
            return -1;
        }
        mpz_t *Ar = T->z + (size_t)r * S->cols;
        mpz_set_ui(Ar[0], 1);
        size_t row_bits = 1;
        for (int j = 0; j < S->d; j++) {
            if (mpz_from_py(Ar[1 + j], PySequence_Fast_GET_ITEM(row, j)) < 0) {
                Py_DECREF(row);
                return -1;
            }
            const size_t b = mpz_sizeinbase(Ar[1 + j], 2);
            if (b > row_bits)
                row_bits = b;
        }
        Py_DECREF(row);
        /* Hadamard: |minor| <= prod of row norms <= prod sqrt(d + 2) max|C_rj|. */
        *bits += row_bits + extra;
    }
    return 0;
}

/* Everything up to the search: buffers, tables, and in work[0] the slack
 * basis, tableau [1 | C], det 1. */
static int
solver_setup(Solver *S, PyObject *rows)
{
    S->frames_cap = 1024;
    S->frames = malloc(S->frames_cap * sizeof(Frame));
    S->frame_keys = malloc(S->frames_cap * S->words * sizeof(word_t));
    S->all_labels = calloc(3 * S->words, sizeof(word_t));
    S->wide_m = malloc(S->entries * sizeof(i128));
    S->wide_z = malloc(S->entries * sizeof(mpz_t));
    if (S->wide_z) {
        for (size_t i = 0; i < S->entries; i++)
            mpz_init(S->wide_z[i]);
    }
    if (!S->frames || !S->frame_keys || !S->all_labels || !S->wide_m || !S->wide_z
        || tab_init(S, &S->work[0]) < 0 || tab_init(S, &S->work[1]) < 0
        || table_init(&S->visited, S->words, 1024) < 0
        || table_init(&S->found, S->words, 1024) < 0)
        return ERR_NOMEM;
    S->labels = S->all_labels + S->words;
    S->child_key = S->labels + S->words;
    for (int v = 0; v < S->n; v++)
        FLIP_BIT(S->all_labels, v);

    Tab *T = &S->work[0];
    size_t bits;
    if (read_matrix(S, rows, T, &bits) < 0)
        return ERR_PYTHON;
    mpz_set_ui(T->zdet, 1);
    for (int r = 0; r < S->k; r++) {
        T->basic[r] = S->d + r;
        T->pos[S->d + r] = r;
        FLIP_BIT(T->key, S->d + r);
    }
    for (int c = 0; c < S->d; c++) {
        T->cobasic[c] = c;
        T->pos[c] = -1 - c;
    }
    /* In the narrowest kind that holds C. */
    T->kind = BIG;
    int mid = 1, small = 1;
    for (size_t e = 0; e < S->entries && mid; e++) {
        mid = mpz_get_128(T->z[e], &T->m[e]);
        small = small && mid && fits_64(T->m[e]);
    }
    if (mid) {
        T->kind = small ? SMALL : MID;
        T->mdet = 1;
        T->sdet = 1;
        for (size_t e = 0; e < S->entries && small; e++)
            T->s[e] = (int64_t)T->m[e];
    }

    /* As many checkpoints as fit the budget. */
    const size_t per_ckpt = sizeof(Checkpoint) + S->nbasis * sizeof(int)
                            + (S->entries + 1) * sizeof(word_t) * (2 + bits / 64);
    const size_t n = path_budget / per_ckpt;
    S->nckpt = n < 2 ? 2 : n > MAX_CHECKPOINTS ? MAX_CHECKPOINTS : n;
    S->spacing = 1;
    S->ckpt = calloc(S->nckpt, sizeof(Checkpoint));
    return S->ckpt ? OK : ERR_NOMEM;
}

static PyObject *
lexsearch_vertices(PyObject *self, PyObject *args)
{
    PyObject *matrix;
    long long limit;
    if (!PyArg_ParseTuple(args, "OL", &matrix, &limit))
        return NULL;
    PyObject *rows = PySequence_Fast(matrix, "C must be a list of lists");
    if (!rows)
        return NULL;
    const Py_ssize_t k = PySequence_Fast_GET_SIZE(rows);
    Py_ssize_t d = 0;
    if (k > 0) {
        PyObject *first = PySequence_Fast(PySequence_Fast_GET_ITEM(rows, 0), "C must be a list of lists");
        if (!first) {
            Py_DECREF(rows);
            return NULL;
        }
        d = PySequence_Fast_GET_SIZE(first);
        Py_DECREF(first);
    }
    if (k == 0 || k + d > (Py_ssize_t)1 << 20) {
        Py_DECREF(rows);
        PyErr_SetString(PyExc_ValueError, k == 0 ? "C must have at least one row" : "C is too large");
        return NULL;
    }

    Solver S_, *S = &S_;
    memset(S, 0, sizeof(*S));
    S->k = (int)k;
    S->d = (int)d;
    S->n = (int)(k + d);
    S->cols = (int)d + 1;
    S->entries = (size_t)k * S->cols;
    S->nbasis = (size_t)(S->k + S->d + S->n);
    S->words = ((size_t)S->n + WORD_BITS - 1) / WORD_BITS;
    S->limit = limit < 0 ? -1 : limit;
    mpz_init(S->t1);
    mpz_init(S->t2);
    mpz_init(S->wide_zdet);

    int status = solver_setup(S, rows);
    Py_DECREF(rows);
    if (status == OK) {
        S->thread = PyEval_SaveThread();
        status = search(S);
        PyEval_RestoreThread(S->thread);
    }
    PyObject *result = status == OK ? build_result(S) : NULL;
    solver_free(S);
    switch (status) {
    case ERR_LIMIT:
        PyErr_SetString(PyExc_RuntimeError, "limit");
        break;
    case ERR_UNBOUNDED:
        PyErr_SetString(PyExc_RuntimeError, "unbounded");
        break;
    case ERR_NOMEM:
        PyErr_NoMemory();
        break;
    default:  /* OK, or a Python error already set */
        break;
    }
    return result;
}

static PyObject *
lexsearch_set_path_budget(PyObject *self, PyObject *arg)
{
    const Py_ssize_t bytes = PyLong_AsSsize_t(arg);
    if (bytes == -1 && PyErr_Occurred())
        return NULL;
    if (bytes < 0) {
        PyErr_SetString(PyExc_ValueError, "the budget must be >= 0");
        return NULL;
    }
    const size_t old = path_budget;
    path_budget = (size_t)bytes;
    return PyLong_FromSize_t(old);
}

static PyMethodDef methods[] = {
    {"vertices", lexsearch_vertices, METH_VARARGS,
     "vertices(C, limit)\n--\n\n"
     "All vertices of {z >= 0, C z <= 1} as (labels, numerators, denominator),\n"
     "the origin first, then in the order of discovery.  C is a list of k lists\n"
     "of d ints; limit is the maximum number of bases to visit, or -1 for no\n"
     "limit.  Raises RuntimeError('limit') beyond it, RuntimeError('unbounded')\n"
     "if the polytope is unbounded (C not positive)."},
    {"_set_path_budget", lexsearch_set_path_budget, METH_O,
     "_set_path_budget(nbytes)\n--\n\n"
     "Set the memory budget for the tableaux kept along the search path (for\n"
     "tests: a tiny budget forces tableaux to be rebuilt); returns the old one."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lexsearch",
    "Exact lexicographic depth-first vertex enumeration (see polytope.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__lexsearch(void)
{
    return PyModule_Create(&module);
}
