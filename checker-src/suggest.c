/*
 * suggest.c - "did you mean": nearest names by edit distance.
 *
 * The distance is the optimal string alignment distance (Levenshtein's,
 * plus the swap of two adjacent characters, the commonest typo: "stragety").
 * Names here are short (an option, a strategy, a property), so the
 * three-row dynamic programme is computed in full; a name longer than
 * NAME_MAX characters is never alike anything.
 */
#include <stdio.h>
#include <string.h>

#include "suggest.h"

#define NAME_MAX_LEN	96
#define MAX_SHOWN	3	/* names a suggestion lists at most */

static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

int suggest_distance(const char *a, size_t la, const char *b, size_t lb)
{
	int rows[3][NAME_MAX_LEN + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (la > NAME_MAX_LEN || lb > NAME_MAX_LEN)
		return SUGGEST_FAR;
	if ((la > lb ? la - lb : lb - la) >= SUGGEST_FAR)
		return SUGGEST_FAR;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int *t;

		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] < SUGGEST_FAR ? prev[lb] : SUGGEST_FAR;
}

int suggest_names(const char *typed, size_t typed_len, const char *const *names, int n,
		  const char *prefix, char *buf, size_t len)
{
	int best = typed_len <= 4 ? 1 : 2, shown = 0;
	size_t k = 0;

	buf[0] = '\0';
	if (typed_len == 0)
		return 0;
	/* The smallest distance any name is at, if within reach. */
	for (int i = 0; i < n; i++) {
		int d = suggest_distance(typed, typed_len, names[i], strlen(names[i]));

		if (d < best)
			best = d;
	}
	for (int i = 0; i < n && shown < MAX_SHOWN && k < len; i++) {
		if (suggest_distance(typed, typed_len, names[i], strlen(names[i])) != best)
			continue;
		/* An exact match is no suggestion (the caller found nothing
		 * under that name, perhaps for another reason). */
		if (best == 0)
			return 0;
		k += (size_t)snprintf(buf + k, len - k, "%s'%s%s'", shown ? " or " : "", prefix,
				      names[i]);
		shown++;
	}
	return shown > 0;
}
