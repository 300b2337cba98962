/*
 * outfile.c - write a file whole or not at all: a temporary file beside
 * the destination (so that rename stays within one filesystem and is
 * atomic), flushed and fsync'ed, then renamed over it.
 *
 * The temporary file is PATH.tmp.PID.N, created with O_EXCL so that it
 * never clobbers anything, with mode 0666 less the umask like any file
 * fopen would create.  Every failure after it exists removes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

int outfile_write(const char *path, int (*fill)(FILE *f, void *arg), void *arg,
		  char *err, size_t errlen)
{
	char tmp[OUTFILE_PATH_MAX + 64];
	sigset_t hold, old;
	FILE *f;
	int fd = -1, e = 0;

	if (strlen(path) > OUTFILE_PATH_MAX) {
		snprintf(err, errlen, "cannot write %.40s...: path longer than %d bytes",
			 path, OUTFILE_PATH_MAX);
		errno = ENAMETOOLONG;
		return -1;
	}
	/* No interrupt between creating the temporary file and renaming or
	 * removing it: a second Ctrl-C, whose default action kills, waits. */
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigprocmask(SIG_BLOCK, &hold, &old);

	for (int i = 0; fd < 0 && i < 100; i++) {
		snprintf(tmp, sizeof(tmp), "%s.tmp.%ld.%d", path, (long)getpid(), i);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(e));
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(e));
		goto remove;
	}
	errno = 0;
	if (fill(f, arg)) {
		e = errno ? errno : EIO;
		fclose(f);
		snprintf(err, errlen, "cannot write %s: could not produce its content", path);
		goto remove;
	}
	/* errno after a failed write, fflush or fsync says why (ENOSPC,
	 * EFBIG, EIO). */
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		e = errno ? errno : EIO;
		fclose(f);
		snprintf(err, errlen, "write error on %s: %s", tmp, strerror(e));
		goto remove;
	}
	if (fclose(f)) {
		e = errno;
		snprintf(err, errlen, "write error on %s: %s", tmp, strerror(e));
		goto remove;
	}
	if (rename(tmp, path)) {
		e = errno;
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(e));
		goto remove;
	}
	goto out;
remove:
	unlink(tmp);
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return e ? -1 : 0;
}

int outfile_check(const char *path, char *err, size_t errlen)
{
	char dir[OUTFILE_PATH_MAX + 1];
	const char *slash = strrchr(path, '/');
	struct stat sb;

	if (strlen(path) > OUTFILE_PATH_MAX) {
		snprintf(err, errlen, "cannot write %.40s...: path longer than %d bytes",
			 path, OUTFILE_PATH_MAX);
		return -1;
	}
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "is a directory: give the path of a file to write");
		return -1;
	}
	/* The temporary file is created beside it: in its directory. */
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (access(dir, W_OK | X_OK)) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
