/*
 * outfile.h - files the checker writes (--json=FILE, and any later
 * writer) appear whole or not at all: the content goes to a temporary
 * file in the same directory, which is flushed, synced and then renamed
 * over the destination.  A reader never sees a half-written file, and a
 * write that fails leaves neither a partial file nor the temporary one;
 * an existing file at path is left untouched unless the new one is whole.
 */
#ifndef DAX_OUTFILE_H
#define DAX_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* The longest destination path accepted (the temporary name adds to it). */
#define OUTFILE_PATH_MAX	4000

/*
 * Write path whole with fill(f, arg), which writes the content to f and
 * returns 0, or -1 to abandon the file.  Returns 0, or -1 with a message
 * in err ("cannot write X: reason"; the caller adds which option it was),
 * errno saying why (ENOMEM: out of memory), and nothing left behind.  SIGINT, SIGTERM and SIGHUP are held back
 * while the file is written and renamed, so an interrupt cannot cut it
 * short; one that arrives meanwhile is delivered when it is done.
 */
int outfile_write(const char *path, int (*fill)(FILE *f, void *arg), void *arg,
		  char *err, size_t errlen);

/*
 * Before the work that produces it: can a file be written at path?
 * Returns 0, or -1 with a message in err: a path that is a directory, or
 * whose directory does not exist or cannot be written to.  (The write can
 * still fail later, a full disk; outfile_write() then says so.)
 */
int outfile_check(const char *path, char *err, size_t errlen);

#endif
