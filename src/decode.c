/* decode — encoding detection and streaming conversion to UTF-8 in front of the TSV reader. */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

struct dec {
	int              fd;
	const char      *mem;      /* memory input, or NULL */
	size_t           memlen, mempos;
	enum tsv_enc     enc;
	int              be, bom, guessed;
	long             badline;  /* auto chose GB18030: line of the first non-UTF-8 byte */
	iconv_t          cd;       /* GB18030 and UTF-16 only */
	char            *in;       /* raw bytes: the sample, then iconv's input */
	size_t           inpos, inend;
	int              eof;      /* the source has nothing more */
	char             carry[4]; /* UTF-8: an incomplete character held for the next call */
	size_t           ncarry;
	int              failed;   /* err is set; the next dec_read returns -1 */
	struct dec_error err;
};

size_t
dec_scan_utf8(const char *s, size_t n, enum dec_err *stop)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = utf8_simd_prefix(s, n);

	while (i < n) {
		unsigned c = u[i], lo = 0x80, hi = 0xBF;
		size_t len, j;

		if (c < 0x80) {
			/* Eight ASCII bytes at a time while none is >= 0x80 or zero. */
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, u + i, 8);
				if ((w & 0x8080808080808080ULL) ||
				    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
					break;
				i += 8;
			}
			while (i < n && u[i] < 0x80) {
				if (u[i] == 0) {
					*stop = DEC_ENUL;
					return i;
				}
				i++;
			}
			continue;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* Runs of Chinese text: two 3-byte characters per eight-byte load,
		 * bytes 0 and 3 leads 1110xxxx (not E0 or ED, whose second byte is
		 * limited), bytes 1, 2, 4, 5 continuation bytes 10xxxxxx. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if ((w & 0x0000C0C0F0C0C0F0ULL) != 0x00008080E08080E0ULL)
				break;
			unsigned a = u[i], b = u[i + 3];
			if (a == 0xE0 || a == 0xED || b == 0xE0 || b == 0xED)
				break;
			i += 6;
		}
		if (i >= n)
			break;
		c = u[i];
		if (c < 0x80)
			continue;
#endif
		/* The common case in Chinese text: a 3-byte character whose lead
		 * byte puts no limit on the second byte (not E0 or ED). */
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 3 <= n &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		/* Unicode table 3-7: the second byte's range depends on the first. */
		if (c < 0xC2)
			goto bad;
		else if (c < 0xE0)
			len = 2;
		else if (c < 0xF0) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c < 0xF5) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			goto bad;
		if (i + 1 >= n)
			goto trunc;
		if (u[i + 1] < lo || u[i + 1] > hi)
			goto bad;
		for (j = 2; j < len; j++) {
			if (i + j >= n)
				goto trunc;
			if ((u[i + j] & 0xC0) != 0x80)
				goto bad;
		}
		i += len;
	}
	*stop = DEC_OK;
	return n;
bad:
	*stop = DEC_EBAD;
	return i;
trunc:
	*stop = DEC_ETRUNC;
	return i;
}

/* Reads from the source; 0 at its end, -1 with errno on failure. */
static ssize_t
src_read(struct dec *d, char *buf, size_t n)
{
	ssize_t r;

	if (d->mem) {
		size_t k = d->memlen - d->mempos;
		if (k > n)
			k = n;
		memcpy(buf, d->mem + d->mempos, k);
		d->mempos += k;
		return (ssize_t)k;
	}
	do
		r = read(d->fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* Appends to the raw buffer. Returns 0, or -1 with err set. */
static int
refill(struct dec *d)
{
	ssize_t r = src_read(d, d->in + d->inend, DEC_SNIFF - d->inend);

	if (r < 0) {
		d->err.kind = DEC_EIO;
		d->err.errnum = errno;
		d->failed = 1;
		return -1;
	}
	if (r == 0)
		d->eof = 1;
	d->inend += (size_t)r;
	return 0;
}

static void
set_error(struct dec *d, enum dec_err kind, const char *bytes, size_t n)
{
	d->failed = 1;
	d->err.kind = kind;
	if (n > sizeof d->err.bytes)
		n = sizeof d->err.bytes;
	memcpy(d->err.bytes, bytes, n);
	d->err.nbytes = (int)n;
}

/* The auto decision without a byte-order mark (see decode.h). */
static enum tsv_enc
guess(struct dec *d)
{
	const char *s = d->in + d->inpos;
	size_t n = d->inend - d->inpos, i = 0;
	enum dec_err stop;

	for (;;) {
		i += dec_scan_utf8(s + i, n - i, &stop);
		if (stop == DEC_ENUL) {
			i++; /* NUL is valid UTF-8; the reader reports it later */
			continue;
		}
		break;
	}
	if (stop == DEC_OK)
		return TSV_ENC_UTF8;
	if (stop == DEC_EBAD)
		goto gb;
	/* Truncated: cut by the sample's end, or the file's own last character. */
	if (!d->eof)
		return TSV_ENC_UTF8;
	for (size_t j = 0; j < i; j++)
		if ((unsigned char)s[j] >= 0x80)
			return TSV_ENC_UTF8;
gb:
	d->badline = 1;
	for (size_t j = 0; j < i; j++)
		d->badline += s[j] == '\n';
	return TSV_ENC_GB18030;
}

int
dec_open(struct dec **dp, int fd, const char *mem, size_t memlen, enum tsv_enc enc)
{
	struct dec *d = xcalloc(1, sizeof *d);
	const unsigned char *u;
	size_t want = enc == TSV_ENC_AUTO ? DEC_SNIFF : 4;
	size_t n;

	d->fd = fd;
	d->mem = mem;
	d->memlen = memlen;
	d->cd = (iconv_t)-1;
	d->in = xmalloc(DEC_SNIFF);
	while (d->inend < want && !d->eof) {
		if (refill(d) < 0) {
			int e = d->err.errnum;
			free(d->in);
			free(d);
			return e ? e : EIO;
		}
	}
	u = (const unsigned char *)d->in;
	n = d->inend;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF &&
	    (enc == TSV_ENC_AUTO || enc == TSV_ENC_UTF8)) {
		enc = TSV_ENC_UTF8;
		d->bom = 1;
		d->inpos = 3;
	} else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)) &&
	           (enc == TSV_ENC_AUTO || enc == TSV_ENC_UTF16)) {
		enc = TSV_ENC_UTF16;
		d->bom = 1;
		d->be = u[0] == 0xFE;
		d->inpos = 2;
	} else if (enc == TSV_ENC_AUTO) {
		enc = guess(d);
		d->guessed = 1;
	} else if (enc == TSV_ENC_UTF16)
		d->be = n >= 2 && u[0] == 0 && u[1] != 0;
	if (enc == TSV_ENC_GB18030 && n >= 4 && memcmp(u, "\x84\x31\x95\x33", 4) == 0) {
		d->bom = 1;
		d->inpos = 4;
	}
	d->enc = enc;
	if (enc != TSV_ENC_UTF8) {
		d->cd = iconv_open("UTF-8", enc == TSV_ENC_GB18030 ? "GB18030" : d->be ? "UTF-16BE" : "UTF-16LE");
		if (d->cd == (iconv_t)-1) {
			int e = errno;
			free(d->in);
			free(d);
			errno = e;
			return -1;
		}
	}
	*dp = d;
	return 0;
}

/* UTF-8 input: copy (or read straight into out) and validate, holding back an
 * incomplete last character for the next call. */
static ssize_t
read_utf8(struct dec *d, char *out, size_t cap)
{
	size_t n = d->ncarry, good;
	enum dec_err stop;

	memcpy(out, d->carry, d->ncarry);
	d->ncarry = 0;
	for (;;) {
		if (d->inpos < d->inend) {
			size_t k = d->inend - d->inpos;
			if (k > cap - n)
				k = cap - n;
			memcpy(out + n, d->in + d->inpos, k);
			d->inpos += k;
			n += k;
		} else if (!d->eof) {
			ssize_t r = src_read(d, out + n, cap - n);
			if (r < 0) {
				d->err.kind = DEC_EIO;
				d->err.errnum = errno;
				d->failed = 1;
				return -1;
			}
			if (r == 0)
				d->eof = 1;
			n += (size_t)r;
		}
		good = dec_scan_utf8(out, n, &stop);
		if (stop == DEC_OK)
			return (ssize_t)n;
		/* eof is the source's; the raw buffer may still hold the rest. */
		if (stop == DEC_ETRUNC && (!d->eof || d->inpos < d->inend)) {
			if (good == 0)
				continue; /* only part of one character so far */
			d->ncarry = n - good;
			memcpy(d->carry, out + good, d->ncarry);
			return (ssize_t)good;
		}
		set_error(d, stop, out + good, stop == DEC_ETRUNC ? n - good : 1);
		return good > 0 ? (ssize_t)good : -1;
	}
}

/* GB18030 and UTF-16: iconv from the raw buffer into out. */
static ssize_t
read_iconv(struct dec *d, char *out, size_t cap)
{
	char *op = out, *nul;
	size_t ol = cap, produced;

	for (;;) {
		char *ip;
		size_t il, r;

		if (d->inpos == d->inend) {
			if (d->eof)
				break;
			d->inpos = d->inend = 0;
			if (refill(d) < 0)
				break;
			continue;
		}
		ip = d->in + d->inpos;
		il = d->inend - d->inpos;
		r = iconv(d->cd, &ip, &il, &op, &ol);
		d->inpos = (size_t)(ip - d->in);
		if (r != (size_t)-1) {
			if (ol < 4)
				break;
			continue;
		}
		if (errno == E2BIG)
			break;
		if (errno == EINVAL) {
			/* A character cut by the buffer's end: move it to the front
			 * and read the rest, unless the file ends there. */
			if (d->eof) {
				set_error(d, DEC_ETRUNC, ip, il);
				d->inpos = d->inend;
				break;
			}
			memmove(d->in, ip, il);
			d->inpos = 0;
			d->inend = il;
			if (refill(d) < 0)
				break;
			continue;
		}
		/* EILSEQ; show the bytes of one GB18030 character (four when the
		 * second byte is a digit) or one UTF-16 code unit. */
		if (d->enc == TSV_ENC_GB18030)
			il = il >= 2 && ip[1] >= '0' && ip[1] <= '9' ? (il < 4 ? il : 4) : (il < 2 ? il : 2);
		else
			il = il < 2 ? il : 2;
		set_error(d, DEC_EBAD, ip, il);
		break;
	}
	produced = (size_t)(op - out);
	if ((nul = memchr(out, '\0', produced)) != NULL) {
		set_error(d, DEC_ENUL, "", 1);
		produced = (size_t)(nul - out);
	}
	if (produced > 0)
		return (ssize_t)produced;
	return d->failed ? -1 : 0;
}

ssize_t
dec_read(struct dec *d, char *out, size_t cap)
{
	if (d->failed)
		return -1;
	if (d->enc == TSV_ENC_UTF8)
		return read_utf8(d, out, cap);
	return read_iconv(d, out, cap);
}

const struct dec_error *
dec_error(const struct dec *d)
{
	return &d->err;
}

enum tsv_enc
dec_encoding(const struct dec *d)
{
	return d->enc;
}

int
dec_bom(const struct dec *d)
{
	return d->bom;
}

int
dec_big_endian(const struct dec *d)
{
	return d->be;
}

int
dec_guessed(const struct dec *d)
{
	return d->guessed;
}

long
dec_guess_line(const struct dec *d)
{
	return d->badline;
}

const char *
dec_name(const struct dec *d)
{
	switch (d->enc) {
	case TSV_ENC_GB18030:
		return "GB18030";
	case TSV_ENC_UTF16:
		return d->be ? "UTF-16BE" : "UTF-16LE";
	default:
		return "UTF-8";
	}
}

void
dec_close(struct dec *d)
{
	if (!d)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	if (!d->mem && d->fd > STDIN_FILENO)
		close(d->fd);
	free(d->in);
	free(d);
}
