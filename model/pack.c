/*
 * pack.c - packing states for one scenario (see pack.h).
 *
 * Layout, in order:
 *   per thread   ip | flags << 4, blk code | zpos << 4, pc code (6 bits)
 *                with held's top two bits (the jbd2 journal's) above it,
 *                held's low 12 bits with its waitq place in the top four,
 *                and with crashes
 *                wback, and with the high flags (`mmap sync` or a huge
 *                page) flags >> 4
 *   per page     map; then per process, per page, pte
 *   per block    the first `words` words of its contents      (row bytes)
 *   per page     the shadow of its `words` words              (row bytes)
 *   allocated, cache, unwritten
 *   with a huge page (a scenario with `huge`; without, these fields and the
 *   high flags never leave zero): slot (per process), hentry, pentry
 *   with `invalidate` and no huge page: pentry (never set without)
 * and with crashes (a scenario with `crash`; without, these fields never
 * leave their initial values):
 *   per block    what the media holds of its words            (row bytes)
 *   per block    its words in flight                          (`words` bytes)
 *   per page     committed, durable
 *   wpq
 * then zeros up to a multiple of 8 bytes.  A row is `words` bytes, or
 * (words + 1) / 2 bytes of 4-bit codes when every value the scenario can
 * write (zero, STALE and its store values) fits in 16 codes.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

void pack_init(struct pack *pk, const struct scenario *sc)
{
	int ncodes = 0;
	size_t n;

	memset(pk, 0, sizeof(*pk));
	pk->threads = sc->nthreads;
	pk->pages = sc->pages;
	pk->words = sc->words;
	pk->mms = sc->nmm;
	state_init(&pk->init, sc);
	memset(pk->code, 0xff, sizeof(pk->code));
	/* Codes in a fixed order: zero, STALE, then store values ascending,
	 * so that the encoding does not depend on the order of operations. */
	for (int v = 0; v < 256; v++) {
		int used = v == VAL_ZERO || v == VAL_STALE;

		for (int t = 0; t < sc->nthreads && !used; t++)
			for (int i = 0; i < sc->prog[t].nops; i++)
				used |= (sc->prog[t].ops[i].kind == OP_STORE ||
					 sc->prog[t].ops[i].kind == OP_WRITE) &&
					sc->prog[t].ops[i].value == v;
		if (used) {
			if (ncodes < 16)
				pk->value[ncodes] = (uint8_t)v;
			pk->code[v] = (uint8_t)ncodes++;
		}
	}
	pk->nibble = ncodes <= 16;
	/* The common case (store values 1..14, as in every built-in
	 * scenario): a value's low four bits are its code, and STALE's are
	 * 15, so a row packs and unpacks with a few word operations. */
	pk->lownib = 1;
	for (int v = 0; v < 256; v++)
		if (pk->code[v] != 0xff && v != VAL_STALE && v > 14)
			pk->lownib = 0;
	pk->row = pk->nibble ? (sc->words + 1) / 2 : sc->words;
	pk->crash = sc->crash;
	pk->huge = sc->huge_pages != 0;
	pk->entries = sc->entries && !pk->huge;
	pk->hiflags = sc->map_sync || pk->huge;
	pk->trec = 5 + pk->crash + pk->hiflags;
	for (int t = 0; t < sc->nthreads; t++) {
		pk->symclass[t] = t;
		for (int u = 0; u < t && pk->symclass[t] == t; u++)
			if (sc->mm[u] == sc->mm[t] && sc->prog[u].nops == sc->prog[t].nops &&
			    memcmp(sc->prog[u].ops, sc->prog[t].ops,
				   (size_t)sc->prog[t].nops * sizeof(struct op)) == 0)
				pk->symclass[t] = u;
	}
	for (int t = 0; t < sc->nthreads; t++)
		for (int u = 0; u < sc->nthreads; u++)
			if (u != t && pk->symclass[u] == pk->symclass[t]) {
				pk->symmetric++;
				break;
			}
	n = (size_t)sc->nthreads * (size_t)pk->trec + (size_t)sc->pages * (size_t)(1 + pk->mms) +
	    (size_t)(MAX_BLOCKS + sc->pages) * (size_t)pk->row + 3 +
	    (pk->huge ? (size_t)pk->mms + 2 : 0) + pk->entries;
	if (pk->crash)
		n += (size_t)MAX_BLOCKS * (size_t)(pk->row + sc->words) + (size_t)sc->pages * 2 + 1;
	pk->bytes = (n + 7) & ~(size_t)7;
}

/* Eight bytes of low nibbles -> four bytes, word 0 in the low nibble. */
static uint32_t squeeze(uint64_t x)
{
	x &= 0x0f0f0f0f0f0f0f0fULL;
	x = (x | x >> 4) & 0x00ff00ff00ff00ffULL;
	x = (x | x >> 8) & 0x0000ffff0000ffffULL;
	return (uint32_t)(x | x >> 16);
}

/* The inverse of squeeze, with 15 (STALE's code) back to 0xff. */
static uint64_t spread(uint32_t y)
{
	uint64_t x = y;

	x = (x | x << 16) & 0x0000ffff0000ffffULL;
	x = (x | x << 8) & 0x00ff00ff00ff00ffULL;
	x = (x | x << 4) & 0x0f0f0f0f0f0f0f0fULL;
	return x | (x & x >> 1 & x >> 2 & x >> 3 & 0x0101010101010101ULL) * 0xf0;
}

/* A row of eight words as a 64-bit number, word 0 in the low byte, on
 * every byte order. */
static uint64_t load8(const uint8_t *v)
{
	uint64_t x;

	memcpy(&x, v, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

static void store8(uint8_t *v, uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	memcpy(v, &x, 8);
}

static unsigned char *pack_row(const struct pack *pk, const uint8_t *v, unsigned char *o)
{
	if (pk->lownib) {
		uint32_t y = squeeze(load8(v));

		for (int i = 0; i < pk->row; i++, y >>= 8)
			o[i] = (unsigned char)y;
		return o + pk->row;
	}
	if (!pk->nibble) {
		memcpy(o, v, (size_t)pk->words);
		return o + pk->words;
	}
	for (int w = 0; w < pk->words; w += 2) {
		uint8_t lo = pk->code[v[w]];
		uint8_t hi = w + 1 < pk->words ? pk->code[v[w + 1]] : 0;

		assert(lo < 16 && hi < 16);
		*o++ = (unsigned char)(lo | hi << 4);
	}
	return o;
}

static const unsigned char *unpack_row(const struct pack *pk, const unsigned char *in,
				       uint8_t *v, uint32_t fill)
{
	if (pk->lownib) {
		uint32_t y = fill;

		for (int i = 0; i < pk->row; i++) {
			y &= ~((uint32_t)0xff << 8 * i);
			y |= (uint32_t)in[i] << 8 * i;
		}
		store8(v, spread(y));
		return in + pk->row;
	}
	if (!pk->nibble) {
		memcpy(v, in, (size_t)pk->words);
		return in + pk->words;
	}
	for (int w = 0; w < pk->words; w += 2) {
		v[w] = pk->value[*in & 15];
		if (w + 1 < pk->words)
			v[w + 1] = pk->value[*in >> 4];
		in++;
	}
	return in;
}

_Static_assert(2 * NR_LOCKS <= 14, "held's low 12 bits and the waitq place share a thread "
	       "record's fifth byte, its top two the pc's byte");
/* The pc in six bits: a step index (a handler has at most 32 steps,
 * TWIN_MAX_STEPS), or 63 for PC_USER. */
#define PC_CODE(pc)	((pc) == PC_USER ? 63u : (unsigned)(pc))

/* Thread t's record: 5 bytes, one more with crashes, one more with the
 * high flags (TF_DSYNC in a scenario with `mmap sync`, the PMD fault's
 * flags in one with a huge page). */
static void pack_thread(const struct pack *pk, const struct thread_state *t, uint8_t waitq,
			unsigned char *o)
{
	assert(t->ip < 16 && (t->flags < 16 || pk->hiflags) && t->zpos < 16 &&
	       t->held < 1u << 14 && waitq < 16 && (t->blk < MAX_BLOCKS || t->blk == NO_BLOCK) &&
	       (t->pc == PC_USER || t->pc < 63));
	o[0] = (unsigned char)(t->ip | (t->flags & 15) << 4);
	o[1] = (unsigned char)((t->blk == NO_BLOCK ? 15 : t->blk) | t->zpos << 4);
	o[2] = (unsigned char)(PC_CODE(t->pc) | (t->held >> 12) << 6);
	o[3] = (unsigned char)(t->held & 0xff);
	o[4] = (unsigned char)((t->held >> 8 & 15) | waitq << 4);
	if (pk->crash)
		o[5] = t->wback;
	if (pk->hiflags)
		o[5 + pk->crash] = (unsigned char)(t->flags >> 4);
}

/* The persistence fields of a crash scenario. */
static unsigned char *pack_crash(const struct pack *pk, const struct state *s, unsigned char *o)
{
	for (int b = 0; b < MAX_BLOCKS; b++)
		o = pack_row(pk, s->media[b], o);
	for (int b = 0; b < MAX_BLOCKS; b++) {
		memcpy(o, s->flight[b], (size_t)pk->words);
		o += pk->words;
	}
	for (int p = 0; p < pk->pages; p++)
		*o++ = s->committed[p];
	for (int p = 0; p < pk->pages; p++)
		*o++ = s->durable[p];
	*o++ = s->wpq;
	return o;
}

void pack_state(const struct pack *pk, const struct state *s, unsigned char *out)
{
	unsigned char *o = out;

	for (int i = 0; i < pk->threads; i++, o += pk->trec)
		pack_thread(pk, &s->t[i], s->waitq[i], o);
	for (int p = 0; p < pk->pages; p++)
		*o++ = s->map[p];
	for (int mm = 0; mm < pk->mms; mm++)
		for (int p = 0; p < pk->pages; p++)
			*o++ = s->pte[mm][p];
	for (int b = 0; b < MAX_BLOCKS; b++)
		o = pack_row(pk, s->data[b], o);
	for (int p = 0; p < pk->pages; p++)
		o = pack_row(pk, s->shadow[p], o);
	*o++ = s->allocated;
	*o++ = s->cache;
	*o++ = s->unwritten;
	if (pk->huge) {
		for (int mm = 0; mm < pk->mms; mm++)
			*o++ = s->slot[mm];
		*o++ = s->hentry;
		*o++ = s->pentry;
	}
	if (pk->entries)
		*o++ = s->pentry;
	if (pk->crash)
		o = pack_crash(pk, s, o);
	memset(o, 0, pk->bytes - (size_t)(o - out));
}

/* Returns 1 if the two 8-byte rows differ. */
static int row_differs(const uint8_t *a, const uint8_t *b)
{
	return load8(a) != load8(b);
}

void pack_delta(const struct pack *pk, const struct state *from, const unsigned char *packed,
		const struct state *s, unsigned char *out)
{
	unsigned char *o = out;

	memcpy(out, packed, pk->bytes);
	for (int i = 0; i < pk->threads; i++, o += pk->trec)
		if (memcmp(&s->t[i], &from->t[i], sizeof(s->t[i])) != 0 ||
		    s->waitq[i] != from->waitq[i])
			pack_thread(pk, &s->t[i], s->waitq[i], o);
	for (int p = 0; p < pk->pages; p++)
		*o++ = s->map[p];
	for (int mm = 0; mm < pk->mms; mm++)
		for (int p = 0; p < pk->pages; p++)
			*o++ = s->pte[mm][p];
	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (row_differs(s->data[b], from->data[b]))
			pack_row(pk, s->data[b], o);
		o += pk->row;
	}
	for (int p = 0; p < pk->pages; p++) {
		if (row_differs(s->shadow[p], from->shadow[p]))
			pack_row(pk, s->shadow[p], o);
		o += pk->row;
	}
	*o++ = s->allocated;
	*o++ = s->cache;
	*o++ = s->unwritten;
	if (pk->huge) {
		for (int mm = 0; mm < pk->mms; mm++)
			*o++ = s->slot[mm];
		*o++ = s->hentry;
		*o++ = s->pentry;
	}
	if (pk->entries)
		*o++ = s->pentry;
	if (pk->crash)
		pack_crash(pk, s, o);
}

/* The fields packed in `in`, over *s holding the initial state's. */
static void unpack_fields(const struct pack *pk, const unsigned char *in, struct state *s)
{
	const unsigned char *rec = in;

	for (int i = 0; i < pk->threads; i++, in += pk->trec) {
		struct thread_state *t = &s->t[i];

		t->ip = in[0] & 15;
		t->flags = in[0] >> 4;
		t->blk = (in[1] & 15) == 15 ? NO_BLOCK : (in[1] & 15);
		t->zpos = in[1] >> 4;
		t->pc = (in[2] & 63) == 63 ? PC_USER : (uint8_t)(in[2] & 63);
		t->held = (uint16_t)(in[3] | (in[4] & 15) << 8 | (in[2] >> 6) << 12);
		s->waitq[i] = in[4] >> 4;
	}
	/* A record's bytes past the fifth, in a scenario with crashes or
	 * the high flags: most have neither, and ask once, not per thread. */
	for (int i = 0; i < pk->threads && pk->trec > 5; i++, rec += pk->trec) {
		struct thread_state *t = &s->t[i];

		if (pk->crash)
			t->wback = rec[5];
		if (pk->hiflags)
			t->flags = (uint8_t)(t->flags | rec[5 + pk->crash] << 4);
	}
	for (int p = 0; p < pk->pages; p++)
		s->map[p] = *in++;
	for (int mm = 0; mm < pk->mms; mm++)
		for (int p = 0; p < pk->pages; p++)
			s->pte[mm][p] = *in++;
	/* Words past `words` keep their initial value: STALE in a block,
	 * zero in a shadow row. */
	for (int b = 0; b < MAX_BLOCKS; b++)
		in = unpack_row(pk, in, s->data[b], 0xffffffffu);
	for (int p = 0; p < pk->pages; p++)
		in = unpack_row(pk, in, s->shadow[p], 0);
	s->allocated = in[0];
	s->cache = in[1];
	s->unwritten = in[2];
	in += 3;
	if (pk->huge) {
		for (int mm = 0; mm < pk->mms; mm++)
			s->slot[mm] = *in++;
		s->hentry = in[0];
		s->pentry = in[1];
		in += 2;
	}
	if (pk->entries)
		s->pentry = *in++;
	if (!pk->crash)
		return;
	for (int b = 0; b < MAX_BLOCKS; b++)
		in = unpack_row(pk, in, s->media[b], 0xffffffffu);
	for (int b = 0; b < MAX_BLOCKS; b++) {
		memcpy(s->flight[b], in, (size_t)pk->words);
		in += pk->words;
	}
	for (int p = 0; p < pk->pages; p++)
		s->committed[p] = *in++;
	for (int p = 0; p < pk->pages; p++)
		s->durable[p] = *in++;
	s->wpq = *in;
}

void unpack_state(const struct pack *pk, const unsigned char *in, struct state *s)
{
	*s = pk->init;
	unpack_fields(pk, in, s);
}

void unpack_over(const struct pack *pk, const unsigned char *in, struct state *s)
{
	unpack_fields(pk, in, s);
}

/* Swap the packed records of threads a and b (and their perm entries). */
static void swap_threads(const struct pack *pk, unsigned char *p, int *perm, int a, int b)
{
	unsigned char tmp[8];
	size_t r = (size_t)pk->trec;

	memcpy(tmp, p + r * (size_t)a, r);
	memcpy(p + r * (size_t)a, p + r * (size_t)b, r);
	memcpy(p + r * (size_t)b, tmp, r);
	if (perm) {
		int x = perm[a];

		perm[a] = perm[b];
		perm[b] = x;
	}
}

void pack_canon(const struct pack *pk, unsigned char *p, int *perm)
{
	int n = pk->threads;

	if (perm)
		for (int t = 0; t < n; t++)
			perm[t] = t;
	if (!pk->symmetric)
		return;
	/* Per class, an insertion sort of its records over its own
	 * positions, in thread order (at most 10 threads). */
	for (int c = 0; c < n; c++) {
		int pos[MAX_THREADS], k = 0;

		for (int t = 0; t < n; t++)
			if (pk->symclass[t] == c)
				pos[k++] = t;
		for (int i = 1; i < k; i++)
			for (int j = i; j > 0 && memcmp(p + pk->trec * pos[j - 1], p + pk->trec * pos[j],
							(size_t)pk->trec) > 0; j--)
				swap_threads(pk, p, perm, pos[j - 1], pos[j]);
	}
}

/* The finaliser of MurmurHash3 (splitmix64's). */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t pack_hash(const unsigned char *p, size_t bytes)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ bytes;

	for (size_t i = 0; i < bytes; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	return mix(h);
}
