/* append — locked, all-or-nothing appends and whole-file creation. */
#include "append.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

static ssize_t (*write_fn)(int, const void *, size_t) = write;

void
append_set_write(ssize_t (*fn)(int fd, const void *buf, size_t n))
{
	write_fn = fn ? fn : write;
}

/* One write(2) of buf[0..n). Returns 0, or the errno that explains why not
 * all of it was written: on a short write the rest is tried once more only
 * to learn the reason (ENOSPC, EFBIG …); the caller undoes whatever landed. */
static int
write_one(int fd, const void *buf, size_t n)
{
	ssize_t w;

	do
		w = write_fn(fd, buf, n);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return errno;
	if ((size_t)w == n)
		return 0;
	do
		w = write_fn(fd, (const char *)buf + w, n - (size_t)w);
	while (w < 0 && errno == EINTR);
	return w < 0 ? errno : EIO;
}

/* Holds back the signals that would end the program between a write and its
 * undoing, so that an interrupted `add` still leaves the file whole. */
static void
hold_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, old);
}

int
append_open(struct append *a, const char *path, int create)
{
	memset(a, 0, sizeof *a);
	a->fd = -1;
	/* A file replaced or removed while we waited for its lock is opened
	 * again; a bounded number of times, in case something keeps replacing it. */
	for (int tries = 0; tries < 64; tries++) {
		struct stat st, sp;
		int fd, created = 0, err;

		fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOCTTY);
		if (fd < 0 && errno == ENOENT && create) {
			fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
			if (fd < 0 && errno == EEXIST)
				continue;
			created = fd >= 0;
		}
		if (fd < 0)
			return -1;
		while (flock(fd, LOCK_EX) < 0)
			if (errno != EINTR) {
				err = errno;
				close(fd);
				errno = err;
				return -1;
			}
		if (fstat(fd, &st) < 0) {
			err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		if (stat(path, &sp) < 0 || sp.st_dev != st.st_dev || sp.st_ino != st.st_ino) {
			close(fd);
			continue;
		}
		a->fd = fd;
		a->path = xstrdup(path);
		a->size = st.st_size;
		a->created = created;
		return 0;
	}
	errno = EAGAIN;
	return -1;
}

int
append_tail(const struct append *a, unsigned char *buf, size_t n)
{
	ssize_t r;

	if (n > 8 || (off_t)n > a->size) {
		errno = EINVAL;
		return -1;
	}
	do
		r = pread(a->fd, buf, n, a->size - (off_t)n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if ((size_t)r != n) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
append_write(struct append *a, const void *buf, size_t n)
{
	sigset_t old;
	int err;

	hold_signals(&old);
	err = write_one(a->fd, buf, n);
	if (!err && fsync(a->fd) < 0)
		err = errno;
	if (err) {
		/* Undo: back to the old size. A file this call's append_open created
		 * is removed again, unless another writer has filled it meanwhile. */
		int r;
		do
			r = ftruncate(a->fd, a->size);
		while (r < 0 && errno == EINTR);
		if (r == 0) {
			(void)fsync(a->fd);
			if (a->created && a->size == 0)
				(void)unlink(a->path);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = err;
		return -1;
	}
	a->size += (off_t)n;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

void
append_close(struct append *a)
{
	if (a->fd >= 0)
		close(a->fd); /* releases the lock */
	free(a->path);
	memset(a, 0, sizeof *a);
	a->fd = -1;
}

/* Makes a new directory entry durable; file systems that cannot sync a
 * directory (EINVAL) are left alone. */
static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
append_create(const char *path, const void *buf, size_t n)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) + 1 : 0, pl = strlen(path);
	char *tmp = xmalloc(pl + 9);
	mode_t um;
	sigset_t old;
	int fd, err;

	memcpy(tmp, path, dl);
	tmp[dl] = '.';
	memcpy(tmp + dl + 1, path + dl, pl - dl);
	memcpy(tmp + pl + 1, ".XXXXXX", 8);
	hold_signals(&old);
	if ((fd = mkstemp(tmp)) < 0) {
		err = errno;
		goto fail;
	}
	um = umask(0);
	umask(um);
	(void)fchmod(fd, 0666 & ~um);
	err = write_one(fd, buf, n);
	if (!err && fsync(fd) < 0)
		err = errno;
	if (close(fd) < 0 && !err)
		err = errno;
	if (err) {
		unlink(tmp);
		goto fail;
	}
	if (link(tmp, path) == 0) {
		unlink(tmp);
		sync_dir(path);
		sigprocmask(SIG_SETMASK, &old, NULL);
		free(tmp);
		return 0;
	}
	err = errno;
	unlink(tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(tmp);
	if (err == EEXIST)
		return 1;
	if (err == EPERM || err == ENOTSUP || err == EOPNOTSUPP || err == EMLINK || err == ENOSYS)
		return 2;
	errno = err;
	return -1;
fail:
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(tmp);
	errno = err;
	return -1;
}
