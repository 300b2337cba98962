/*
 * lineread.c - lines of a file or of an in-memory text (see lineread.h).
 * Read byte by byte: fgets cannot report a NUL byte.
 */
#include <sys/stat.h>

#include "lineread.h"

int lineread_is_dir(FILE *f)
{
	struct stat sb;

	return fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode);
}

void lineread_file(struct lineread *r, FILE *f)
{
	r->f = f;
	r->p = r->end = NULL;
	r->line = 0;
}

void lineread_text(struct lineread *r, const char *text, size_t len)
{
	r->f = NULL;
	r->p = text;
	r->end = text + len;
	r->line = 0;
}

/* The next byte, or EOF. */
static int next_byte(struct lineread *r)
{
	if (r->f)
		return getc(r->f);
	return r->p < r->end ? (unsigned char)*r->p++ : EOF;
}

int lineread_next(struct lineread *r, char *buf)
{
	int n = 0, c;

	while ((c = next_byte(r)) != EOF) {
		if (n == LINEREAD_MAX) {
			r->line++;
			return LINEREAD_LONG;
		}
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	if (n == 0 && r->f && ferror(r->f))
		return LINEREAD_ERROR;
	if (n > 0)
		r->line++;
	return n;
}
