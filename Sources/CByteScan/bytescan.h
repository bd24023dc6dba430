// Splitting a plain CSV record 16 bytes at a time (SSE2, which every x86-64 CPU has; a byte loop elsewhere).
// Header only: nothing to link. Swift has no portable spelling for a byte-compare bitmask, which is what makes
// this fast: on the benchmark's 10M-row ledger the byte-at-a-time record parser was the largest single cost
// of ingestion (issue #2).
#ifndef CREDITREPORT_BYTESCAN_H
#define CREDITREPORT_BYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Splits the record that starts at `p` when it is a plain one: no quote character, no carriage return other
/// than one right before the line feed that ends it, that line feed before `end`, at least one byte before the
/// line break, and at most `max_fields` fields. For each field, writes the offset from `p` of the byte that ends
/// it (a delimiter, or the line break) to `ends`, and writes the record's length with its line break to `length`.
/// Returns the number of fields, or 0 when the record is not plain (the caller then parses it byte by byte).
/// Writes to `blanks` whether the record holds a space or a tab anywhere (0: none, so no field has any to trim).
/// Reads whole 16-byte blocks only: a record whose line feed lies in the last, partial block before `end` is
/// returned as not plain.
static inline int creditreport_split_plain_record(const unsigned char *p, const unsigned char *end, unsigned char delimiter,
                                                  int32_t *ends, int max_fields, int64_t *length, int32_t *blanks) {
    int n = 0;
    size_t offset = 0;
    unsigned seen = 0;
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8((char)delimiter), vl = _mm_set1_epi8('\n');
    const __m128i vq = _mm_set1_epi8('"'), vc = _mm_set1_epi8('\r');
    const __m128i vs = _mm_set1_epi8(' '), vt = _mm_set1_epi8('\t');
    while ((size_t)(end - p) >= offset + 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(p + offset));
        unsigned delims = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, vd));
        unsigned lfs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, vl));
        unsigned quotes = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, vq));
        unsigned crs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, vc));
        unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, vs), _mm_cmpeq_epi8(b, vt)));
        unsigned before = 0xFFFFu;
        int last_end = -1;
        if (lfs) {
            unsigned lf = lfs & (0u - lfs);            // the first line feed
            before = lf - 1;                           // the bytes before it in this block
            int at = (int)(offset + (size_t)__builtin_ctz(lfs));
            last_end = at;
            unsigned cr = crs & before;
            if (cr) {
                if (cr != (lf >> 1)) return 0;         // a carriage return not right before the line feed
                last_end = at - 1;
            }
            *length = at + 1;
        } else if (crs) {
            return 0;
        }
        if (quotes & before) return 0;
        seen |= spaces & before;
        delims &= before;
        while (delims) {
            if (n == max_fields) return 0;
            ends[n++] = (int32_t)(offset + (size_t)__builtin_ctz(delims));
            delims &= delims - 1;
        }
        if (last_end >= 0) {
            if (last_end == 0 || n == max_fields) return 0;   // a blank line, or too many fields
            ends[n++] = last_end;
            *blanks = seen != 0;
            return n;
        }
        offset += 16;
    }
    return 0;
#else
    while ((size_t)(end - p) > offset) {
        unsigned char c = p[offset];
        if (c == delimiter) {
            if (n == max_fields) return 0;
            ends[n++] = (int32_t)offset;
        } else if (c == '\n' || c == '\r') {
            int at = (int)offset;
            if (c == '\r') {
                if ((size_t)(end - p) <= offset + 1 || p[offset + 1] != '\n') return 0;
                offset += 1;
            }
            if (at == 0 || n == max_fields) return 0;
            ends[n++] = at;
            *length = (int64_t)offset + 1;
            *blanks = seen != 0;
            return n;
        } else if (c == '"') {
            return 0;
        } else if (c == ' ' || c == '\t') {
            seen = 1;
        }
        offset += 1;
    }
    return 0;
#endif
}

#endif
