/*
 * lineread.h - lines of a text file, or of a file built into the binary
 * (model/shipped.h), for the scenario and strategy parsers: one reader,
 * so that a shipped file is read exactly as a user's file is.
 */
#ifndef DAX_LINEREAD_H
#define DAX_LINEREAD_H

#include <stdio.h>

#define LINEREAD_MAX	4096	/* bytes a line, with its newline: a
				 * buffer holds LINEREAD_MAX + 1 */

struct lineread {
	FILE *f;		/* a file, or NULL: the bytes p..end */
	const char *p, *end;
	int line;		/* the line last read, from 1 */
};

/* Returns 1 if the open file f is a directory (which fopen opens for
 * reading on Linux, and which then reads as an error), 0 otherwise. */
int lineread_is_dir(FILE *f);

/* Read from an open file, or from text[0..len-1]. */
void lineread_file(struct lineread *r, FILE *f);
void lineread_text(struct lineread *r, const char *text, size_t len);

/*
 * The next line, its newline included, into buf with a NUL after it (a
 * NUL byte inside is kept: the caller rejects it).  Returns its length,
 * 0 at the end of the input, LINEREAD_LONG if it holds more than
 * LINEREAD_MAX bytes (more than LINEREAD_MAX - 1 before its newline), or
 * LINEREAD_ERROR on a read error.
 */
#define LINEREAD_LONG	(-1)
#define LINEREAD_ERROR	(-2)
int lineread_next(struct lineread *r, char *buf);

#endif
