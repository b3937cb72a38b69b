/* replay — runs a fuzz harness without libFuzzer: every file named (a folder:
 * every file in it, in name order) is given to LLVMFuzzerTestOneInput once.
 * Built with the ordinary compiler by `make check-fuzz`, so that the seed
 * corpus and every crash once found (tests/fuzz/regress/NAME/) stay tested. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *err; /* the real standard error: a harness may point stderr at /dev/null */

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!fp) {
		fprintf(err, "%s: cannot open\n", path);
		return -1;
	}
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			if (!(buf = realloc(buf, cap)))
				abort();
		}
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
	} while (r > 0);
	fclose(fp);
	/* an exact-size copy, so that reading past the end is an error under ASan */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact)
		abort();
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	err = stderr;
	size_t total = 0;
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			continue; /* an empty regress folder is not in git */
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= run_file(argv[i]) < 0;
			total++;
			continue;
		}
		DIR *dp = opendir(argv[i]);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0;
		if (!dp) {
			fprintf(err, "%s: cannot open\n", argv[i]);
			return 2;
		}
		while ((de = readdir(dp))) {
			if (de->d_name[0] == '.' || strcmp(de->d_name, "README") == 0)
				continue;
			if (!(names = realloc(names, (n + 1) * sizeof *names)))
				abort();
			size_t len = strlen(argv[i]) + strlen(de->d_name) + 2;
			if (!(names[n] = malloc(len)))
				abort();
			snprintf(names[n], len, "%s/%s", argv[i], de->d_name);
			n++;
		}
		closedir(dp);
		if (n > 1)
			qsort(names, n, sizeof *names, cmp);
		for (size_t k = 0; k < n; k++) {
			bad |= run_file(names[k]) < 0;
			free(names[k]);
		}
		free(names);
		total += n;
	}
	fprintf(err, "%s: %zu inputs\n", argv[0], total);
	return bad ? 2 : 0;
}
