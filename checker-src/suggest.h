/*
 * suggest.h - "did you mean": the known names a mistyped one is a short
 * edit away from (an option, a strategy, a property, a scenario).
 */
#ifndef DAX_SUGGEST_H
#define DAX_SUGGEST_H

#include <stddef.h>

/*
 * Write into buf (of len bytes) the names of names[0..n-1] nearest to typed,
 * as "'a'" or "'a' or 'b'" (each after prefix: "--" for options), if they
 * are a short edit away: at most one
 * edit for a name of up to four characters, two for a longer one (an
 * edit inserts, deletes or replaces a character, or swaps two adjacent
 * ones).  Returns 1 if buf names some, 0 (buf "") if none is that close.
 */
int suggest_names(const char *typed, size_t typed_len, const char *const *names, int n,
		  const char *prefix, char *buf, size_t len);

/* The edit distance between a[0..la-1] and b[0..lb-1] (as above), or
 * SUGGEST_FAR if it exceeds 3: the names are not alike. */
#define SUGGEST_FAR	4
int suggest_distance(const char *a, size_t la, const char *b, size_t lb);

#endif
