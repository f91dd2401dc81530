# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled fast path: event-file bytes -> scalar columns, plus (offset, length) of every other record.

One pass over a buffer, without the GIL: check each record's CRCs (`spec/event-format.md` §1),
and when an Event holds only scalar values (`simple_value`, or a rank-0 DT_FLOAT/DT_DOUBLE tensor
that is known to be a scalar) append (tag id, step, wall_time, value) to the columns. Legacy
`image`, `audio` and `histo` values of a tag already known as a blob sequence or tensor series
become "items": the header fields and the (offset, length) of their payload bytes, so an image is
never copied or decoded and a histogram's buckets reach numpy with one `frombuffer`. Anything else,
or anything unusual, is handed back to the Python decoder in `store/loader.py`, which is also the
reference: `read_records` + `Event.decode` must give the same result on any input, and a
differential test checks that they do.
"""

from libc.stdint cimport INT32_MAX, INT32_MIN, int32_t, int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcmp, memcpy
from posix.stat cimport stat, struct_stat

from collections import namedtuple

import numpy as np

from trainboard.events.records import LENGTH_PAST_END

cdef extern from *:
    """
    #include <stdint.h>
    #include <stddef.h>
    #include <string.h>

    /* CRC-32C (Castagnoli): SSE4.2 instruction where the CPU has it, else slicing-by-8 tables. */
    static uint32_t tb_crc_table[8][256];
    static int tb_crc_hw = 0;

    static void tb_crc_init(void) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
            tb_crc_table[0][i] = c;
        }
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = tb_crc_table[0][i];
            for (int t = 1; t < 8; t++) {
                c = tb_crc_table[0][c & 0xFF] ^ (c >> 8);
                tb_crc_table[t][i] = c;
            }
        }
    #if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
        __builtin_cpu_init();
        tb_crc_hw = __builtin_cpu_supports("sse4.2");
    #endif
    }

    static uint32_t tb_crc_sw(const uint8_t *p, size_t n) {
        uint32_t c = 0xFFFFFFFFu;
        while (n >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            w ^= c;
            c = tb_crc_table[7][w & 0xFF] ^ tb_crc_table[6][(w >> 8) & 0xFF] ^
                tb_crc_table[5][(w >> 16) & 0xFF] ^ tb_crc_table[4][(w >> 24) & 0xFF] ^
                tb_crc_table[3][(w >> 32) & 0xFF] ^ tb_crc_table[2][(w >> 40) & 0xFF] ^
                tb_crc_table[1][(w >> 48) & 0xFF] ^ tb_crc_table[0][w >> 56];
            p += 8;
            n -= 8;
        }
        while (n--) c = tb_crc_table[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    #if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __attribute__((target("sse4.2")))
    static uint32_t tb_crc_hw_impl(const uint8_t *p, size_t n) {
        uint64_t c = 0xFFFFFFFFu;
        while (n >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            c = __builtin_ia32_crc32di(c, w);
            p += 8;
            n -= 8;
        }
        uint32_t c32 = (uint32_t)c;
        while (n--) c32 = __builtin_ia32_crc32qi(c32, *p++);
        return c32 ^ 0xFFFFFFFFu;
    }
    #else
    static uint32_t tb_crc_hw_impl(const uint8_t *p, size_t n) { return tb_crc_sw(p, n); }
    #endif

    static uint32_t tb_masked_crc(const uint8_t *p, size_t n) {
        uint32_t c = tb_crc_hw ? tb_crc_hw_impl(p, n) : tb_crc_sw(p, n);
        return ((c >> 15) | (c << 17)) + 0xA282EAD8u;
    }
    """
    void tb_crc_init() nogil
    uint32_t tb_masked_crc(const uint8_t *p, size_t n) nogil
    uint32_t tb_crc_sw(const uint8_t *p, size_t n) nogil
    int tb_crc_hw

tb_crc_init()

cdef enum:
    HEADER = 12
    FOOTER = 4
    MAX_VALUES = 64  # values per Event on the fast path; more go to Python
    NOT_SCALAR = 0  # tag states: what the tag's series is, so which values may skip Python
    SCALAR = 1
    BLOB = 2
    TENSOR = 3
    V_SIMPLE = 1  # value kinds
    V_TENSOR = 2
    V_IMAGE = 3
    V_AUDIO = 4
    V_HISTO = 5
    ITEM_INTS = 10  # columns of the item rows, see `Scanner.scan`
    ITEM_FLOATS = 3
    R_BAD_LENGTH = 0  # corruption reasons, indexes into _REASONS
    R_BAD_DATA = 1
    R_PAST_END = 2
    EV_OTHER = -1  # what parse_event found: for Python,
    EV_VALUES = 0  # values the fast path may take,
    EV_VERSION = 1  # or only a file version (for Python, but it decides no tag)

# Bumped whenever `Scanner`'s interface changes, so a stale build left by an editable install is
# recognised (store/scanner.py) instead of failing with an unpacking error deep in the loader.
# Also bumped when what it reads changes (3: resynchronisation after damage, as records.py), so a
# stale build never frames a file differently from the Python twin.
# 4: `scan` returns a named `ScanResult`, and hands back file-version records without stopping.
INTERFACE_VERSION = 6

# Tag states and item kinds, for the loader.
TAG_OTHER = NOT_SCALAR
TAG_SCALAR = SCALAR
TAG_BLOB = BLOB
TAG_TENSOR = TENSOR
ITEM_IMAGE = V_IMAGE
ITEM_AUDIO = V_AUDIO
ITEM_HISTO = V_HISTO
cdef uint64_t MAX_RECORD = 0x80000000  # 1 << 31, as records.MAX_RECORD_LENGTH


# corruption reasons, in the words records.py uses
_REASONS = ("bad length checksum", "bad data checksum", LENGTH_PAST_END)

# `metadata { plugin_data { plugin_name: "scalars" } }`, the only metadata the fast path accepts.
cdef bytes _PLAIN_SCALARS = b"\x0a\x09\x0a\x07scalars"


cdef struct Span:
    const uint8_t *p
    Py_ssize_t n


cdef struct Parsed:
    double wall
    int64_t step
    int nvalues
    Span tags[MAX_VALUES]
    double values[MAX_VALUES]
    bint tensor[MAX_VALUES]  # rank-0 tensor without metadata: only for a tag known as scalar
    int kinds[MAX_VALUES]
    # V_IMAGE: width, height, image bytes; V_AUDIO: the clip bytes;
    # V_HISTO: min, max (in `values`/`hmax`), packed bucket limits and bucket counts
    int64_t ints[MAX_VALUES][2]
    double hmax[MAX_VALUES]
    Span spans[MAX_VALUES][2]


cdef struct Growing:
    char *data
    Py_ssize_t n
    Py_ssize_t cap
    Py_ssize_t item


cdef int grow(Growing *g, Py_ssize_t more) noexcept nogil:
    cdef Py_ssize_t cap
    cdef char *data
    if g.n + more <= g.cap:
        return 0
    cap = g.cap * 2 if g.cap else 4096
    while cap < g.n + more:
        cap *= 2
    data = <char *> realloc(g.data, cap * g.item)
    if data == NULL:
        return -1
    g.data = data
    g.cap = cap
    return 0


cdef inline int read_varint(const uint8_t *p, Py_ssize_t n, Py_ssize_t *pos, uint64_t *out) noexcept nogil:
    """0 on success; -1 when truncated or longer than 64 bits (the Python decoder decides those)."""
    cdef uint64_t result = 0
    cdef int shift = 0
    cdef uint8_t b
    while True:
        if pos[0] >= n:
            return -1
        b = p[pos[0]]
        pos[0] += 1
        if shift == 63 and b > 1:
            return -1
        result |= (<uint64_t> (b & 0x7F)) << shift
        if not (b & 0x80):
            out[0] = result
            return 0
        shift += 7
        if shift > 63:
            return -1


cdef inline int skip_field(const uint8_t *p, Py_ssize_t n, Py_ssize_t *pos, int wire_type) noexcept nogil:
    cdef uint64_t v
    if wire_type == 0:
        return read_varint(p, n, pos, &v)
    if wire_type == 1:
        pos[0] += 8
    elif wire_type == 5:
        pos[0] += 4
    elif wire_type == 2:
        if read_varint(p, n, pos, &v) or v > <uint64_t> (n - pos[0]):
            return -1
        pos[0] += <Py_ssize_t> v
    else:
        return -1
    return 0 if pos[0] <= n else -1


cdef inline int read_len(const uint8_t *p, Py_ssize_t n, Py_ssize_t *pos, Span *out) noexcept nogil:
    cdef uint64_t v
    if read_varint(p, n, pos, &v) or v > <uint64_t> (n - pos[0]):
        return -1
    out.p = p + pos[0]
    out.n = <Py_ssize_t> v
    pos[0] += <Py_ssize_t> v
    return 0


cdef inline double load_double(const uint8_t *p) noexcept nogil:
    cdef double d
    memcpy(&d, p, 8)
    return d


cdef inline double load_float(const uint8_t *p) noexcept nogil:
    cdef float f
    memcpy(&f, p, 4)
    return f


cdef int parse_tensor(Span t, double *out) noexcept nogil:
    """A rank-0 DT_FLOAT (1) or DT_DOUBLE (2) tensor holding exactly one value -> 0; else -1."""
    cdef Py_ssize_t pos = 0
    cdef uint64_t key, v, dtype = 0
    cdef int field, wt
    cdef Span content, packed
    cdef Py_ssize_t nfloat = 0, ndouble = 0
    cdef double fval = 0, dval = 0
    content.n = 0
    while pos < t.n:
        if read_varint(t.p, t.n, &pos, &key):
            return -1
        field = <int> (key >> 3)
        wt = <int> (key & 7)
        if field == 1:
            if wt != 0 or read_varint(t.p, t.n, &pos, &dtype):
                return -1
        elif field == 2:  # shape: only an empty one means rank 0
            if wt != 2 or read_len(t.p, t.n, &pos, &packed) or packed.n != 0:
                return -1
        elif field == 3:
            if wt != 0 or read_varint(t.p, t.n, &pos, &v):
                return -1
        elif field == 4:
            if wt != 2 or read_len(t.p, t.n, &pos, &content):
                return -1
        elif field == 5:
            if wt == 5:
                if pos + 4 > t.n:
                    return -1
                fval = load_float(t.p + pos)
                pos += 4
                nfloat += 1
            elif wt == 2:
                if read_len(t.p, t.n, &pos, &packed) or packed.n % 4:
                    return -1
                if packed.n:
                    fval = load_float(packed.p + packed.n - 4)
                nfloat += packed.n // 4
            else:
                return -1
        elif field == 6:
            if wt == 1:
                if pos + 8 > t.n:
                    return -1
                dval = load_double(t.p + pos)
                pos += 8
                ndouble += 1
            elif wt == 2:
                if read_len(t.p, t.n, &pos, &packed) or packed.n % 8:
                    return -1
                if packed.n:
                    dval = load_double(packed.p + packed.n - 8)
                ndouble += packed.n // 8
            else:
                return -1
        elif 7 <= field <= 18:
            return -1  # another dtype's values: the Python decoder decides
        else:
            if skip_field(t.p, t.n, &pos, wt):
                return -1
    if pos != t.n:
        return -1
    # Python's rule: tensor_content wins when non-empty; else the typed list of the dtype.
    if dtype == 1:
        if content.n:
            if content.n != 4:
                return -1
            out[0] = load_float(content.p)
            return 0
        if nfloat != 1:
            return -1
        out[0] = fval
        return 0
    if dtype == 2:
        if content.n:
            if content.n != 8:
                return -1
            out[0] = load_double(content.p)
            return 0
        if ndouble != 1:
            return -1
        out[0] = dval
        return 0
    return -1


cdef inline int64_t to_int32(uint64_t v) noexcept nogil:
    return <int64_t> <int32_t> <uint32_t> (v & 0xFFFFFFFFu)


cdef int parse_image(Span t, Parsed *ev, int i) noexcept nogil:
    """A legacy Summary.Image: height (1), width (2), colorspace (3), encoded bytes (4)."""
    cdef Py_ssize_t pos = 0
    cdef uint64_t key, v
    cdef int field, wt
    cdef Span data
    ev.ints[i][0] = 0
    ev.ints[i][1] = 0
    data.p = t.p
    data.n = 0
    while pos < t.n:
        if read_varint(t.p, t.n, &pos, &key):
            return -1
        field = <int> (key >> 3)
        wt = <int> (key & 7)
        if 1 <= field <= 3:
            if wt != 0 or read_varint(t.p, t.n, &pos, &v):
                return -1
            if field == 1:
                ev.ints[i][1] = to_int32(v)
            elif field == 2:
                ev.ints[i][0] = to_int32(v)
        elif field == 4:
            if wt != 2 or read_len(t.p, t.n, &pos, &data):
                return -1
        elif skip_field(t.p, t.n, &pos, wt):
            return -1
    if pos != t.n:
        return -1
    ev.spans[i][0] = data
    return 0


cdef int parse_audio(Span t, Parsed *ev, int i) noexcept nogil:
    """A legacy Summary.Audio: only the encoded clip (4) is kept; the other fields must be well-formed."""
    cdef Py_ssize_t pos = 0
    cdef uint64_t key, v
    cdef int field, wt
    cdef Span data, other
    data.p = t.p
    data.n = 0
    while pos < t.n:
        if read_varint(t.p, t.n, &pos, &key):
            return -1
        field = <int> (key >> 3)
        wt = <int> (key & 7)
        if field == 1:
            if wt != 5 or pos + 4 > t.n:
                return -1
            pos += 4
        elif field == 2 or field == 3:
            if wt != 0 or read_varint(t.p, t.n, &pos, &v):
                return -1
        elif field == 4 or field == 5:
            if wt != 2 or read_len(t.p, t.n, &pos, &data if field == 4 else &other):
                return -1
        elif skip_field(t.p, t.n, &pos, wt):
            return -1
    if pos != t.n:
        return -1
    ev.spans[i][0] = data
    return 0


cdef int parse_histo(Span t, Parsed *ev, int i) noexcept nogil:
    """A legacy HistogramProto whose limits (6) and counts (7) are each one packed run of equal length."""
    cdef Py_ssize_t pos = 0
    cdef uint64_t key
    cdef int field, wt
    cdef Span limits, counts
    cdef int seen_limits = 0, seen_counts = 0
    limits.p = t.p
    limits.n = 0
    counts.p = t.p
    counts.n = 0
    ev.values[i] = 0
    ev.hmax[i] = 0
    while pos < t.n:
        if read_varint(t.p, t.n, &pos, &key):
            return -1
        field = <int> (key >> 3)
        wt = <int> (key & 7)
        if 1 <= field <= 5:
            if wt != 1 or pos + 8 > t.n:
                return -1
            if field == 1:
                ev.values[i] = load_double(t.p + pos)
            elif field == 2:
                ev.hmax[i] = load_double(t.p + pos)
            pos += 8
        elif field == 6:
            if seen_limits or wt != 2 or read_len(t.p, t.n, &pos, &limits) or limits.n % 8:
                return -1
            seen_limits = 1
        elif field == 7:
            if seen_counts or wt != 2 or read_len(t.p, t.n, &pos, &counts) or counts.n % 8:
                return -1
            seen_counts = 1
        elif skip_field(t.p, t.n, &pos, wt):
            return -1
    if pos != t.n or limits.n != counts.n:
        return -1
    ev.spans[i][0] = limits
    ev.spans[i][1] = counts
    return 0


cdef int parse_value(Span v, Parsed *ev, const uint8_t *plain, Py_ssize_t plain_n) noexcept nogil:
    cdef Py_ssize_t pos = 0
    cdef uint64_t key
    cdef int field, wt, i = ev.nvalues
    cdef Span tag, span
    cdef int has_tag = 0, kind = 0, has_md = 0
    cdef double value = 0
    if i >= MAX_VALUES:
        return -1
    while pos < v.n:
        if read_varint(v.p, v.n, &pos, &key):
            return -1
        field = <int> (key >> 3)
        wt = <int> (key & 7)
        if field == 1:
            if has_tag or wt != 2 or read_len(v.p, v.n, &pos, &tag):
                return -1
            has_tag = 1
        elif field == 2:
            if kind or wt != 5 or pos + 4 > v.n:
                return -1
            value = load_float(v.p + pos)
            pos += 4
            kind = V_SIMPLE
        elif field == 8:
            if kind or wt != 2 or read_len(v.p, v.n, &pos, &span) or parse_tensor(span, &value):
                return -1
            kind = V_TENSOR
        elif field == 4:
            if kind or wt != 2 or read_len(v.p, v.n, &pos, &span) or parse_image(span, ev, i):
                return -1
            kind = V_IMAGE
        elif field == 6:
            if kind or wt != 2 or read_len(v.p, v.n, &pos, &span) or parse_audio(span, ev, i):
                return -1
            kind = V_AUDIO
        elif field == 5:
            if kind or wt != 2 or read_len(v.p, v.n, &pos, &span) or parse_histo(span, ev, i):
                return -1
            kind = V_HISTO
        elif field == 9:
            if has_md or wt != 2 or read_len(v.p, v.n, &pos, &span):
                return -1
            if span.n != plain_n or memcmp(span.p, plain, plain_n) != 0:
                return -1
            has_md = 1
        elif field == 7:
            if wt != 2 or skip_field(v.p, v.n, &pos, wt):
                return -1
        elif field == 3:
            return -1
        else:
            if skip_field(v.p, v.n, &pos, wt):
                return -1
    if pos != v.n or not kind:
        return -1
    if has_md and kind >= V_IMAGE:
        return -1  # Python would parse metadata it then ignores; let it judge a malformed one
    if not has_tag:
        tag.p = v.p
        tag.n = 0
    ev.tags[i] = tag
    if kind <= V_TENSOR:
        ev.values[i] = value
    ev.tensor[i] = kind == V_TENSOR and not has_md
    ev.kinds[i] = kind
    ev.nvalues = i + 1
    return 0


cdef int parse_event(const uint8_t *p, Py_ssize_t n, Parsed *ev, const uint8_t *plain, Py_ssize_t plain_n) noexcept nogil:
    """EV_VALUES when the Event holds only values the fast path may take (then `ev` is filled),
    EV_VERSION when it holds only a file version (wall_time, step, file_version), else EV_OTHER."""
    cdef Py_ssize_t pos = 0, spos
    cdef uint64_t key, v
    cdef int field, wt
    cdef Span summary, value, version
    cdef int has_summary = 0, has_version = 0
    summary.p = p
    summary.n = 0
    ev.wall = 0
    ev.step = 0
    ev.nvalues = 0
    while pos < n:
        if read_varint(p, n, &pos, &key):
            return -1
        field = <int> (key >> 3)
        wt = <int> (key & 7)
        if field == 1:
            if wt != 1 or pos + 8 > n:
                return -1
            ev.wall = load_double(p + pos)
            pos += 8
        elif field == 2:
            if wt != 0 or read_varint(p, n, &pos, &v):
                return -1
            ev.step = <int64_t> v
        elif field == 5:
            if has_summary or wt != 2 or read_len(p, n, &pos, &summary):
                return -1
            has_summary = 1
        elif field == 3:
            if has_version or wt != 2 or read_len(p, n, &pos, &version):
                return -1
            has_version = 1
        elif 4 <= field <= 10:
            return -1
        else:
            if skip_field(p, n, &pos, wt):
                return -1
    if pos != n or has_summary == has_version:
        return -1
    if has_version:
        return 1  # EV_VERSION
    spos = 0
    while spos < summary.n:
        if read_varint(summary.p, summary.n, &spos, &key):
            return -1
        field = <int> (key >> 3)
        wt = <int> (key & 7)
        if field == 1:
            if wt != 2 or read_len(summary.p, summary.n, &spos, &value) or parse_value(value, ev, plain, plain_n):
                return -1
        elif skip_field(summary.p, summary.n, &spos, wt):
            return -1
    if spos != summary.n or ev.nvalues == 0:
        return -1
    return 0


cdef bint all_zero(const uint8_t *p, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i = 0
    cdef uint64_t w
    while i + 8 <= n:
        memcpy(&w, p + i, 8)
        if w:
            return 0
        i += 8
    while i < n:
        if p[i]:
            return 0
        i += 1
    return 1


cdef inline bint intact(const uint8_t *p, Py_ssize_t pos, uint64_t length, int64_t *budget) noexcept nogil:
    """As records._intact: the data checksum of the complete record at `pos` matches, within `budget`."""
    cdef uint32_t crc
    if <int64_t> length > budget[0]:
        return 0
    memcpy(&crc, p + pos + HEADER + length, 4)
    if tb_masked_crc(p + pos + HEADER, <size_t> length) == crc:
        return 1
    budget[0] -= <int64_t> length
    return 0


cdef Py_ssize_t find_record(const uint8_t *p, Py_ssize_t n, Py_ssize_t start, Py_ssize_t *wait,
                            int64_t *budget) noexcept nogil:
    """As records.next_record: the offset of the next complete record with both checksums at or
    after `start`, or -1 with `wait` set to the first offset where one could still begin."""
    cdef Py_ssize_t last = n - HEADER, r = start, q, end
    cdef uint64_t length, w
    cdef uint32_t crc
    wait[0] = start if start > last + 1 else last + 1
    while r <= last:
        memcpy(&length, p + r, 8)
        if length >= MAX_RECORD:
            r += 1
            continue
        memcpy(&crc, p + r + 8, 4)
        if length == 0 and crc == 0:
            # 12 zero bytes: no header starts here, nor before the next nonzero byte's header.
            q = r + HEADER
            while q + 8 <= n:
                memcpy(&w, p + q, 8)
                if w:
                    break
                q += 8
            while q < n and p[q] == 0:
                q += 1
            if q >= n:
                # Zeros up to the end are not damage yet (records.next_record): wait at them.
                if r < wait[0]:
                    wait[0] = r
                break
            r = q - HEADER + 1 if q - HEADER + 1 > r + 1 else r + 1
            continue
        if tb_masked_crc(p + r, 8) != crc:
            r += 1
            continue
        end = r + HEADER + <Py_ssize_t> length + FOOTER
        if end > n:
            if r < wait[0]:
                wait[0] = r
        elif intact(p, r, length, budget):
            return r
        r += 1
    return -1


cdef inline Py_ssize_t frame_at(const uint8_t *p, Py_ssize_t n, Py_ssize_t pos, uint64_t *length,
                                int *reason, int64_t *budget) noexcept nogil:
    """The end of the record at `pos` when both its checksums match (its payload length in
    `length`), else -1 with `reason`: R_BAD_LENGTH, R_BAD_DATA, or R_PAST_END (still being written,
    unless a record follows)."""
    cdef uint32_t crc
    cdef Py_ssize_t end
    memcpy(length, p + pos, 8)
    memcpy(&crc, p + pos + 8, 4)
    if length[0] >= MAX_RECORD or tb_masked_crc(p + pos, 8) != crc:
        reason[0] = R_BAD_LENGTH
        return -1
    end = pos + HEADER + <Py_ssize_t> length[0] + FOOTER
    if end > n:
        reason[0] = R_PAST_END
        return -1
    if not intact(p, pos, length[0], budget):
        reason[0] = R_BAD_DATA
        return -1
    return end


cdef struct Entry:
    uint64_t hash
    int32_t id  # -1: empty slot


cdef inline uint64_t fnv1a(const uint8_t *p, Py_ssize_t n) noexcept nogil:
    cdef uint64_t h = 1469598103934665603ULL
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ p[i]) * 1099511628211ULL
    return h


cdef class Scanner:
    """Scans one run's files: keeps the run's tag table (tag bytes -> id, scalar or not) across calls.

        scanner = Scanner()
        end, tags, steps, walls, values, others, corruptions, items, item_floats = scanner.scan(data, offset)
    """

    cdef Entry *slots
    cdef Py_ssize_t nslots
    cdef char **keys
    cdef Py_ssize_t *key_lens
    cdef uint8_t *states
    cdef Py_ssize_t ntags
    cdef Py_ssize_t cap_tags

    def __cinit__(self):
        self.nslots = 64
        self.slots = <Entry *> malloc(self.nslots * sizeof(Entry))
        for i in range(self.nslots):
            self.slots[i].id = -1
        self.cap_tags = 16
        self.keys = <char **> malloc(self.cap_tags * sizeof(char *))
        self.key_lens = <Py_ssize_t *> malloc(self.cap_tags * sizeof(Py_ssize_t))
        self.states = <uint8_t *> malloc(self.cap_tags)
        self.ntags = 0
        if not (self.slots and self.keys and self.key_lens and self.states):
            raise MemoryError()

    def __dealloc__(self):
        for i in range(self.ntags):
            free(self.keys[i])
        free(self.keys)
        free(self.key_lens)
        free(self.states)
        free(self.slots)

    # -- tag table ---------------------------------------------------------------------------
    cdef int32_t find(self, const uint8_t *p, Py_ssize_t n, uint64_t h) noexcept nogil:
        cdef Py_ssize_t mask = self.nslots - 1
        cdef Py_ssize_t i = <Py_ssize_t> (h & mask)
        cdef int32_t id_
        while True:
            id_ = self.slots[i].id
            if id_ < 0:
                return -1
            if self.slots[i].hash == h and self.key_lens[id_] == n and memcmp(self.keys[id_], p, n) == 0:
                return id_
            i = (i + 1) & mask

    cdef int rehash(self) noexcept nogil:
        cdef Py_ssize_t nslots = self.nslots * 2, i, j
        cdef Entry *slots = <Entry *> malloc(nslots * sizeof(Entry))
        if slots == NULL:
            return -1
        for i in range(nslots):
            slots[i].id = -1
        for i in range(self.nslots):
            if self.slots[i].id >= 0:
                j = <Py_ssize_t> (self.slots[i].hash & (nslots - 1))
                while slots[j].id >= 0:
                    j = (j + 1) & (nslots - 1)
                slots[j] = self.slots[i]
        free(self.slots)
        self.slots = slots
        self.nslots = nslots
        return 0

    cdef int32_t insert(self, const uint8_t *p, Py_ssize_t n, uint64_t h, uint8_t state) noexcept nogil:
        cdef Py_ssize_t i
        cdef char *key
        if (self.ntags + 1) * 2 > self.nslots and self.rehash():
            return -1
        if self.ntags == self.cap_tags:
            self.cap_tags *= 2
            self.keys = <char **> realloc(self.keys, self.cap_tags * sizeof(char *))
            self.key_lens = <Py_ssize_t *> realloc(self.key_lens, self.cap_tags * sizeof(Py_ssize_t))
            self.states = <uint8_t *> realloc(self.states, self.cap_tags)
            if not (self.keys and self.key_lens and self.states):
                return -1
        key = <char *> malloc(n if n else 1)
        if key == NULL:
            return -1
        memcpy(key, p, n)
        self.keys[self.ntags] = key
        self.key_lens[self.ntags] = n
        self.states[self.ntags] = state
        i = <Py_ssize_t> (h & (self.nslots - 1))
        while self.slots[i].id >= 0:
            i = (i + 1) & (self.nslots - 1)
        self.slots[i].hash = h
        self.slots[i].id = <int32_t> self.ntags
        self.ntags += 1
        return <int32_t> (self.ntags - 1)

    def intern(self, bytes tag) -> int:
        """The id of `tag`, adding it (as a scalar) when new."""
        cdef const uint8_t *p = <const uint8_t *> (<char *> tag)
        cdef Py_ssize_t n = len(tag)
        cdef uint64_t h = fnv1a(p, n)
        cdef int32_t id_ = self.find(p, n, h)
        if id_ < 0:
            id_ = self.insert(p, n, h, SCALAR)
            if id_ < 0:
                raise MemoryError()
        return id_

    def set_scalar(self, int tag_id, bint is_scalar) -> None:
        """Mark whether the tag's values are scalars (decided by its first metadata, in Python)."""
        self.set_state(tag_id, TAG_SCALAR if is_scalar else TAG_OTHER)

    def set_state(self, int tag_id, int state) -> None:
        """Mark what the tag's series is (`TAG_SCALAR`, `TAG_BLOB`, `TAG_TENSOR` or `TAG_OTHER`)."""
        if not 0 <= tag_id < self.ntags:
            raise IndexError(tag_id)
        if not NOT_SCALAR <= state <= TENSOR:
            raise ValueError(f"unknown tag state {state}")
        self.states[tag_id] = <uint8_t> state

    def tag_count(self) -> int:
        return self.ntags

    def tag_name(self, int tag_id) -> bytes:
        if not 0 <= tag_id < self.ntags:
            raise IndexError(tag_id)
        return (<char *> self.keys[tag_id])[: self.key_lens[tag_id]]

    # -- the hot loop --------------------------------------------------------------------------
    def scan(self, const uint8_t[::1] buf not None, int64_t base_offset, Py_ssize_t start=0):
        """Records in `buf[start:]` (`buf` holds file bytes from `base_offset`) -> a `ScanResult`.

        Its fields, in order (it still unpacks as a tuple):

        - `end` (a file offset) is where the next scan starts: the start of a truncated trailing
          record, the first offset after damage where a record could still begin (both as
          `records.read_records`), the end of `buf`, or the first record with a new tag after a
          record handed to Python: that record may decide what the tag is, so Python must apply
          it first and then scan on. (A file-version record cannot decide a tag: it is handed back
          without stopping the scan.)
        - `tags`, `steps`, `walls`, `values`: the scalar points: int32 tag ids; steps int32 when every
          one fits, else int64; float64 wall times; values float32 when each is exactly a float32
          (a `simple_value` always is), else float64.
        - `others`: int64 [m, 4] of (payload offset, payload length, index of the next point,
          index of the next item) for records the Python decoder must read, in file order.
        - `corruptions`: a list of (offset, length, reason).
        - `items`: image, audio and histogram values, int64 [k, 10] (tag id, step, index of the
          next point, kind, width, height, then file offset and length of two byte ranges: the
          image or clip, or a histogram's packed bucket limits and counts); `item_floats` is
          float64 [k, 3] (wall_time, histogram min, max).
        """
        cdef const uint8_t *p = &buf[0] if buf.shape[0] else NULL
        cdef Py_ssize_t n = buf.shape[0]
        cdef Py_ssize_t pos = start, r, end, wait
        cdef bint emitted_other = 0, ok, fresh
        cdef int reason, kind, failed = 0
        cdef int64_t budget = 16 * <int64_t> (n - start) + (16 << 20)  # records.search_budget
        cdef uint64_t length
        cdef Parsed *ev = <Parsed *> malloc(sizeof(Parsed))
        cdef Columns cols
        cdef int32_t ids[MAX_VALUES]
        cdef bytes plain_obj = _PLAIN_SCALARS
        cdef const uint8_t *plain = <const uint8_t *> (<char *> plain_obj)
        cdef Py_ssize_t plain_n = len(plain_obj)
        if ev == NULL:
            raise MemoryError()
        columns_init(&cols)
        with nogil:
            while n - pos >= HEADER:
                end = frame_at(p, n, pos, &length, &reason, &budget)
                if end < 0:
                    # As records.read_records: a record is read only when both checksums match; else
                    # search for the next complete one, never trusting the damaged record's length.
                    r = find_record(p, n, pos + 1, &wait, &budget)
                    if r < 0 and (reason == R_PAST_END or all_zero(p + pos, n - pos)):
                        break  # still being written, or only zeros from here: wait here
                    if add_corruption(&cols, base_offset + pos, (r if r >= 0 else wait) - pos, reason):
                        failed = 1
                        break
                    if r < 0:
                        pos = wait
                        break
                    pos = r
                    continue
                kind = parse_event(p + pos + HEADER, <Py_ssize_t> length, ev, plain, plain_n)
                fresh = 0
                ok = kind == EV_VALUES and self.fast_path(ev, ids, &fresh)
                if emitted_other and (fresh or (ok and self.any_new(ev, ids))):
                    # The record handed back before may be this tag's first: let Python apply it,
                    # then scan on, so the rest of the tag's values take the fast path.
                    break
                if ok:
                    if self.add_new_tags(ev, ids) or add_values(&cols, ev, ids, p, base_offset):
                        failed = 1
                        break
                else:
                    if add_other(&cols, base_offset + pos + HEADER, <int64_t> length):
                        failed = 1
                        break
                    emitted_other = emitted_other or kind != EV_VERSION
                pos = end
        free(ev)
        try:
            if failed:
                raise MemoryError()
            return columns_result(&cols, base_offset + pos)
        finally:
            columns_free(&cols)

    cdef bint fast_path(self, Parsed *ev, int32_t *ids, bint *fresh) noexcept nogil:
        """Whether every value of `ev` may skip Python (`ids` gets each tag's id, -1 when new);
        `fresh` is set when one may not because its tag is new and Python must decide it."""
        cdef int i
        for i in range(ev.nvalues):
            ids[i] = self.find(ev.tags[i].p, ev.tags[i].n, fnv1a(ev.tags[i].p, ev.tags[i].n))
            if ev.kinds[i] >= V_IMAGE:
                # Items only join a series Python made: the first value decides the tag.
                if ids[i] < 0 or self.states[ids[i]] != (TENSOR if ev.kinds[i] == V_HISTO else BLOB):
                    fresh[0] = ids[i] < 0
                    return 0
            elif ids[i] >= 0:
                if self.states[ids[i]] != SCALAR:
                    return 0
            elif ev.tensor[i]:
                fresh[0] = 1  # a bare tensor is a scalar only once its tag is known as one
                return 0
        return 1

    cdef bint any_new(self, Parsed *ev, int32_t *ids) noexcept nogil:
        cdef int i
        for i in range(ev.nvalues):
            if ids[i] < 0:
                return 1
        return 0

    cdef int add_new_tags(self, Parsed *ev, int32_t *ids) noexcept nogil:
        """Give each new tag of `ev` an id (as a scalar); -1 when out of memory."""
        cdef int i
        cdef uint64_t h
        for i in range(ev.nvalues):
            if ids[i] < 0:
                h = fnv1a(ev.tags[i].p, ev.tags[i].n)
                ids[i] = self.find(ev.tags[i].p, ev.tags[i].n, h)  # an earlier value may have added it
                if ids[i] < 0:
                    ids[i] = self.insert(ev.tags[i].p, ev.tags[i].n, h, SCALAR)
                    if ids[i] < 0:
                        return -1
        return 0


# -- what one scan gives back ----------------------------------------------------------------
ScanResult = namedtuple(
    "ScanResult",
    ["end", "tags", "steps", "walls", "values", "others", "corruptions", "items", "item_floats"],
    module=__name__,
)


cdef struct Columns:
    Growing tag
    Growing step
    Growing wall
    Growing value
    Growing other
    Growing bad
    Growing item
    Growing itemf


cdef void columns_init(Columns *c) noexcept nogil:
    c.tag = Growing(NULL, 0, 0, sizeof(int32_t))
    c.step = Growing(NULL, 0, 0, sizeof(int64_t))
    c.wall = Growing(NULL, 0, 0, sizeof(double))
    c.value = Growing(NULL, 0, 0, sizeof(double))
    c.other = Growing(NULL, 0, 0, 4 * sizeof(int64_t))
    c.bad = Growing(NULL, 0, 0, 3 * sizeof(int64_t))
    c.item = Growing(NULL, 0, 0, ITEM_INTS * sizeof(int64_t))
    c.itemf = Growing(NULL, 0, 0, ITEM_FLOATS * sizeof(double))


cdef void columns_free(Columns *c) noexcept nogil:
    free(c.tag.data)
    free(c.step.data)
    free(c.wall.data)
    free(c.value.data)
    free(c.other.data)
    free(c.bad.data)
    free(c.item.data)
    free(c.itemf.data)


cdef void _drop(Growing *g) noexcept nogil:
    """Free a column once it is copied out: a scan's columns are its biggest allocation, and the
    copies would otherwise sit beside them until the scan returns (peak memory of a load)."""
    free(g.data)
    g.data = NULL
    g.n = g.cap = 0


cdef object columns_result(Columns *c, int64_t end):
    bad = _take(&c.bad, np.int64, 3)
    tags = _take(&c.tag, np.int32, 1)
    _drop(&c.tag)
    steps = _take_steps(&c.step)
    _drop(&c.step)
    walls = _take(&c.wall, np.float64, 1)
    _drop(&c.wall)
    values = _take_values(&c.value)
    _drop(&c.value)
    return ScanResult(
        end,
        tags,
        steps,
        walls,
        values,
        _take(&c.other, np.int64, 4),
        [(o, ln, _REASONS[k]) for o, ln, k in bad.tolist()],
        _take(&c.item, np.int64, ITEM_INTS),
        _take(&c.itemf, np.float64, ITEM_FLOATS),
    )


cdef int add_corruption(Columns *c, int64_t offset, int64_t length, int reason) noexcept nogil:
    cdef int64_t *row
    if grow(&c.bad, 1):
        return -1
    row = (<int64_t *> c.bad.data) + 3 * c.bad.n
    row[0] = offset
    row[1] = length
    row[2] = reason
    c.bad.n += 1
    return 0


cdef int add_other(Columns *c, int64_t offset, int64_t length) noexcept nogil:
    """A record for the Python decoder, with where it falls among the points and items."""
    cdef int64_t *row
    if grow(&c.other, 1):
        return -1
    row = (<int64_t *> c.other.data) + 4 * c.other.n
    row[0] = offset
    row[1] = length
    row[2] = c.tag.n
    row[3] = c.item.n
    c.other.n += 1
    return 0


cdef int add_values(Columns *c, Parsed *ev, int32_t *ids, const uint8_t *p, int64_t base) noexcept nogil:
    """The values of `ev` (all on the fast path): its items first, then its scalar points."""
    cdef int i, k
    cdef int64_t *row
    cdef double *frow
    cdef Py_ssize_t nscalars = c.tag.n
    if (grow(&c.tag, ev.nvalues) or grow(&c.step, ev.nvalues) or grow(&c.wall, ev.nvalues)
            or grow(&c.value, ev.nvalues) or grow(&c.item, ev.nvalues) or grow(&c.itemf, ev.nvalues)):
        return -1
    for i in range(ev.nvalues):
        k = ev.kinds[i]
        if k < V_IMAGE:
            continue
        row = (<int64_t *> c.item.data) + ITEM_INTS * c.item.n
        frow = (<double *> c.itemf.data) + ITEM_FLOATS * c.itemf.n
        row[0] = ids[i]
        row[1] = ev.step
        row[2] = nscalars
        row[3] = k
        row[4] = ev.ints[i][0] if k == V_IMAGE else 0
        row[5] = ev.ints[i][1] if k == V_IMAGE else 0
        row[6] = base + (ev.spans[i][0].p - p)
        row[7] = ev.spans[i][0].n
        row[8] = base + (ev.spans[i][1].p - p) if k == V_HISTO else 0
        row[9] = ev.spans[i][1].n if k == V_HISTO else 0
        frow[0] = ev.wall
        frow[1] = ev.values[i] if k == V_HISTO else 0
        frow[2] = ev.hmax[i] if k == V_HISTO else 0
        c.item.n += 1
        c.itemf.n += 1
    for i in range(ev.nvalues):
        if ev.kinds[i] >= V_IMAGE:
            continue
        (<int32_t *> c.tag.data)[c.tag.n] = ids[i]
        (<int64_t *> c.step.data)[c.step.n] = ev.step
        (<double *> c.wall.data)[c.wall.n] = ev.wall
        (<double *> c.value.data)[c.value.n] = ev.values[i]
        c.tag.n += 1
        c.step.n += 1
        c.wall.n += 1
        c.value.n += 1
    return 0


cdef object _take(Growing *g, object dtype, int width):
    if width > 1:
        out = np.empty((g.n, width), dtype=dtype)
    else:
        out = np.empty(g.n, dtype=dtype)
    cdef char[::1] dst
    if g.n:
        dst = out.reshape(-1).view(np.int8)
        memcpy(&dst[0], g.data, g.n * g.item)
    return out


cdef object _take_steps(Growing *g):
    """The steps as int32 when every one fits (what a series keeps), else as int64."""
    cdef const int64_t *src = <const int64_t *> g.data
    cdef Py_ssize_t i, n = g.n
    cdef int32_t[::1] dst
    for i in range(n):
        if src[i] < INT32_MIN or src[i] > INT32_MAX:
            return _take(g, np.int64, 1)
    out = np.empty(n, np.int32)
    if n:
        dst = out
        for i in range(n):
            dst[i] = <int32_t> src[i]
    return out


cdef object _take_values(Growing *g):
    """The values as float32 when each one is exactly a float32 (NaN and infinities included),
    else as float64: a `simple_value` always is, so its narrowing costs no second pass."""
    cdef const double *src = <const double *> g.data
    cdef Py_ssize_t i, n = g.n
    cdef float[::1] dst
    cdef double v
    for i in range(n):
        v = src[i]
        if <double> <float> v != v and v == v:
            return _take(g, np.float64, 1)
    out = np.empty(n, np.float32)
    if n:
        dst = out
        for i in range(n):
            dst[i] = <float> src[i]
    return out


def masked_crc32c(const uint8_t[::1] data not None) -> int:
    """The masked CRC-32C of `data`, computed here (for tests against records.masked_crc32c)."""
    cdef const uint8_t *p = &data[0] if data.shape[0] else <const uint8_t *> b""
    cdef size_t n = <size_t> data.shape[0]
    cdef uint32_t crc
    if n < (1 << 20):
        return tb_masked_crc(p, n)
    with nogil:  # a long buffer: other threads go on meanwhile (a short one is done sooner than a switch)
        crc = tb_masked_crc(p, n)
    return crc


def hardware_crc() -> bool:
    """Whether CRCs use the CPU's CRC32 instruction."""
    return bool(tb_crc_hw)


ctypedef fused step_t:
    int32_t
    int64_t


ctypedef fused value_t:
    float
    double


def group_by_tag(const int32_t[::1] tags not None, const step_t[::1] steps not None,
                 const double[::1] walls not None, const value_t[::1] values not None, int ntags):
    """Points regrouped by tag, each group in its original order (a counting sort: two passes).

    Returns (tag ids present, group starts with a final end, steps, walls, values); the first two
    are lists, the columns fresh arrays of the dtypes given (steps int32 or int64, values float32
    or float64).
    """
    cdef Py_ssize_t n = tags.shape[0], i, k, t
    cdef step_t[::1] s_out
    cdef double[::1] w_out
    cdef value_t[::1] v_out
    if ntags <= 0:
        raise ValueError("ntags must be positive")
    if not (steps.shape[0] == walls.shape[0] == values.shape[0] == n):
        raise ValueError("the columns differ in length")
    cdef Py_ssize_t *counts = <Py_ssize_t *> calloc(ntags + 1, sizeof(Py_ssize_t))
    if counts == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            t = tags[i]
            if t < 0 or t >= ntags:
                raise ValueError(f"tag id {t} out of range")
            counts[t + 1] += 1
        present = []
        starts = []
        for k in range(ntags):
            if counts[k + 1]:
                present.append(k)
                starts.append(counts[k])
            counts[k + 1] += counts[k]
        starts.append(n)
        if step_t is int32_t:
            out_steps = np.empty(n, np.int32)
        else:
            out_steps = np.empty(n, np.int64)
        out_walls = np.empty(n, np.float64)
        if value_t is float:
            out_values = np.empty(n, np.float32)
        else:
            out_values = np.empty(n, np.float64)
        s_out = out_steps
        w_out = out_walls
        v_out = out_values
        _regroup(tags, steps, walls, values, s_out, w_out, v_out, counts)
    finally:
        free(counts)
    return present, starts, out_steps, out_walls, out_values


cdef void _regroup(const int32_t[::1] tags, const step_t[::1] steps, const double[::1] walls,
                   const value_t[::1] values, step_t[::1] s, double[::1] w, value_t[::1] v,
                   Py_ssize_t *cursor) noexcept:
    cdef Py_ssize_t n = tags.shape[0], i, k, t
    with nogil:
        for i in range(n):
            t = tags[i]
            k = cursor[t]
            s[k] = steps[i]
            w[k] = walls[i]
            v[k] = values[i]
            cursor[t] = k + 1


cdef extern from "<pthread.h>" nogil:
    ctypedef unsigned long pthread_t
    int pthread_create(pthread_t *thread, const void *attr, void *(*run)(void *) noexcept nogil, void *arg)
    int pthread_join(pthread_t thread, void **result)


cdef struct StatJob:
    const char **paths
    int64_t *out
    Py_ssize_t n
    bint ctime


cdef void *stat_job(void *arg) noexcept nogil:
    cdef StatJob *job = <StatJob *> arg
    cdef struct_stat st
    cdef Py_ssize_t i
    for i in range(job.n):
        if stat(job.paths[i], &st) == 0:
            job.out[i] = (st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec) if job.ctime else st.st_size
        else:
            job.out[i] = -1
    return NULL


# Below this many paths a second thread costs more than it saves.
cdef Py_ssize_t SPLIT_PATHS = 1024


cdef class PathBatch:
    """Paths encoded once, to be stat'ed together again and again: the check of a reload that
    finds nothing new. `stat()` runs without the GIL, on two threads for a long batch."""
    cdef list raw  # the encoded paths, kept alive for `ptrs`
    cdef const char **ptrs
    cdef readonly Py_ssize_t size

    def __cinit__(self, list paths not None):
        self.raw = [(<str> path).encode("utf-8", "surrogateescape") for path in paths]
        self.size = len(self.raw)
        self.ptrs = <const char **> malloc(max(self.size, 1) * sizeof(char *))
        if self.ptrs == NULL:
            raise MemoryError()
        cdef Py_ssize_t i
        for i in range(self.size):
            self.ptrs[i] = <const char *> (<bytes> self.raw[i])

    def __dealloc__(self):
        free(self.ptrs)

    def stat(self, bint ctime=False):
        """int64 array: each path's st_size (or with `ctime` its st_ctime in ns), -1 where stat fails."""
        out = np.empty(self.size, np.int64)
        cdef int64_t[::1] view = out
        cdef StatJob first, second
        cdef pthread_t thread
        cdef bint threaded = 0
        if self.size == 0:
            return out
        first = StatJob(self.ptrs, &view[0], self.size, ctime)
        with nogil:
            if self.size >= SPLIT_PATHS:
                second = StatJob(self.ptrs + self.size // 2, &view[0] + self.size // 2,
                                 self.size - self.size // 2, ctime)
                first.n = self.size // 2
                threaded = pthread_create(&thread, NULL, stat_job, &second) == 0
                if not threaded:
                    first.n = self.size  # no second thread: this one does all of them
            stat_job(&first)
            if threaded:
                pthread_join(thread, NULL)
        return out
