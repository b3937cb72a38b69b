/* append — adds bytes to the end of a file under an exclusive lock, all or
 * nothing (SPEC §7: concurrent `add`s never lose or interleave lines; a failed
 * write leaves the ledger as it was).
 *
 * The lock is flock(2) LOCK_EX on the file's own descriptor, held from
 * append_open to append_close, so that everything between (reading the file,
 * validating, writing) sees no other writer. flock rather than fcntl locks:
 * an fcntl lock is dropped when any descriptor of the file is closed by the
 * process, and the reader opens and closes the file on its own. A file
 * replaced while we waited for the lock (an editor saving by rename) is
 * noticed and opened again.
 *
 * Ownership: a struct append owns its descriptor and path copy; append_close
 * releases them (and the lock). */
#ifndef APPEND_H
#define APPEND_H

#include <stddef.h>
#include <sys/types.h>

struct append {
	int    fd;       /* O_RDWR | O_APPEND, locked */
	char  *path;
	off_t  size;     /* the file's size when the lock was taken */
	int    created;  /* append_open created the file (it was not there) */
};

/* Opens path for appending and waits for the exclusive lock. With create, a
 * missing file is created empty (mode 0666 less the umask). Returns 0, or -1
 * with errno (ENOENT without create: there is no such file). */
int  append_open(struct append *a, const char *path, int create);

/* Reads the last n bytes (n <= 8, n <= size) into buf. Returns 0 or -1 (errno). */
int  append_tail(const struct append *a, unsigned char *buf, size_t n);

/* Writes buf[0..n) at the end with one write(2) and syncs it. On failure the
 * file is truncated back to a->size (removed again when append_open created it)
 * and -1 is returned with errno telling why. Signals that would end the
 * program are held back until the file is whole again. On success a->size
 * becomes the new size. */
int  append_write(struct append *a, const void *buf, size_t n);

/* Releases the lock and the descriptor. */
void append_close(struct append *a);

/* Creates path holding buf[0..n), complete or not at all: writes a hidden
 * temporary file (.NAME.XXXXXX) in the same folder, syncs it and links it into
 * place, so that no reader ever sees the file empty or partial. Returns 0 when
 * created, 1 when path already exists (nothing was done), 2 when the file
 * system cannot link (use append_open with create instead), -1 with errno on
 * failure (nothing is left behind). */
int  append_create(const char *path, const void *buf, size_t n);

/* Test hook: the write(2) that append_write and append_create use (NULL: the real one). */
void append_set_write(ssize_t (*fn)(int fd, const void *buf, size_t n));

#endif
