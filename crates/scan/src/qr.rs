//! From a sampled module grid to text: format, data codewords, Reed–Solomon
//! correction, segments — ours, so the text comes out the way the best
//! readers give it.
//!
//! rqrr decodes only to bytes and insists they are UTF-8: it drops ECI
//! designators, writes Kanji-mode characters as Shift_JIS bytes and then
//! fails on them, and refuses structured-append and FNC1 headers. Here the
//! segments keep their modes and ECIs, and [`text`] turns them into text as
//! ZXing does:
//!
//! - an ECI designator (UTF-8, Shift_JIS, ISO-8859-x, Windows code pages,
//!   Big5, GB 18030, EUC-KR, UTF-16BE) governs the bytes after it;
//! - without one, byte-mode bytes are UTF-8 when they are valid UTF-8 and
//!   contain a multi-byte character, else ZXing's guess between Shift_JIS
//!   and ISO-8859-1 (`StringUtils.guessEncoding`);
//! - Kanji mode is Shift_JIS — except when the bytes of the whole code,
//!   Kanji segments included, are valid UTF-8 with multi-byte characters:
//!   some encoders (the `qrcode` crate among them) put UTF-8 bytes that
//!   happen to look like Shift_JIS pairs into Kanji segments, and real
//!   Shift_JIS text is practically never valid UTF-8;
//! - numeric and alphanumeric segments are ASCII; all segments are joined
//!   in order.
//!
//! Reed–Solomon decoding uses log/antilog tables (rqrr raises the generator
//! to a power for every term, which cost ~6 ms on a version-22 code).

use encoding_rs::Encoding;

/// Decodes a sampled grid, `dark(x, y)` with the top-left finder at the
/// origin; the mirrored (transposed) reading is tried when the first fails.
pub(crate) fn decode_grid(size: usize, dark: &dyn Fn(usize, usize) -> bool) -> Option<String> {
    let segments = read(size, dark).or_else(|| read(size, &|x, y| dark(y, x)))?;
    Some(text(&segments))
}

/// How the bytes of one segment are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Charset {
    /// Numeric or alphanumeric mode: ASCII whatever the ECI.
    Ascii,
    /// Byte mode under no ECI: guessed.
    Unspecified,
    /// Kanji mode: Shift_JIS bytes.
    Kanji,
    /// Byte mode under an ECI designator.
    Eci(u32),
}

/// One run of bytes and how to read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub charset: Charset,
    pub bytes: Vec<u8>,
}

// ------------------------------------------------------------- the grid

/// EC codewords per block, short blocks, long blocks.
type Blocks = (usize, usize, usize);

/// Per version: total codewords, and per error-correction level in format
/// order (M, L, H, Q): EC codewords per block, short blocks, long blocks (one
/// data codeword more). From ISO/IEC 18004 table 9 (as in rqrr's database).
const VERSIONS: [(usize, [Blocks; 4]); 40] = [
    (26, [(10, 1, 0), (7, 1, 0), (17, 1, 0), (13, 1, 0)]),
    (44, [(16, 1, 0), (10, 1, 0), (28, 1, 0), (22, 1, 0)]),
    (70, [(26, 1, 0), (15, 1, 0), (22, 2, 0), (18, 2, 0)]),
    (100, [(18, 2, 0), (20, 1, 0), (16, 4, 0), (26, 2, 0)]),
    (134, [(24, 2, 0), (26, 1, 0), (22, 2, 2), (18, 2, 2)]),
    (172, [(16, 4, 0), (18, 2, 0), (28, 4, 0), (24, 4, 0)]),
    (196, [(18, 4, 0), (20, 2, 0), (26, 4, 1), (18, 2, 4)]),
    (242, [(22, 2, 2), (24, 2, 0), (26, 4, 2), (22, 4, 2)]),
    (292, [(22, 3, 2), (30, 2, 0), (24, 4, 4), (20, 4, 4)]),
    (346, [(26, 4, 1), (18, 2, 2), (28, 6, 2), (24, 6, 2)]),
    (404, [(30, 1, 4), (20, 4, 0), (24, 3, 8), (28, 4, 4)]),
    (466, [(22, 6, 2), (24, 2, 2), (28, 7, 4), (26, 4, 6)]),
    (532, [(22, 8, 1), (26, 4, 0), (22, 12, 4), (24, 8, 4)]),
    (581, [(24, 4, 5), (30, 3, 1), (24, 11, 5), (20, 11, 5)]),
    (655, [(24, 5, 5), (22, 5, 1), (24, 11, 7), (30, 5, 7)]),
    (733, [(28, 7, 3), (24, 5, 1), (30, 3, 13), (24, 15, 2)]),
    (815, [(28, 10, 1), (28, 1, 5), (28, 2, 17), (28, 1, 15)]),
    (901, [(26, 9, 4), (30, 5, 1), (28, 2, 19), (28, 17, 1)]),
    (991, [(26, 3, 11), (28, 3, 4), (26, 9, 16), (26, 17, 4)]),
    (1085, [(26, 3, 13), (28, 3, 5), (28, 15, 10), (30, 15, 5)]),
    (1156, [(26, 17, 0), (28, 4, 4), (30, 19, 6), (28, 17, 6)]),
    (1258, [(28, 17, 0), (28, 2, 7), (24, 34, 0), (30, 7, 16)]),
    (1364, [(28, 4, 14), (30, 4, 5), (30, 16, 14), (30, 11, 14)]),
    (1474, [(28, 6, 14), (30, 6, 4), (30, 30, 2), (30, 11, 16)]),
    (1588, [(28, 8, 13), (26, 8, 4), (30, 22, 13), (30, 7, 22)]),
    (1706, [(28, 19, 4), (28, 10, 2), (30, 33, 4), (28, 28, 6)]),
    (1828, [(28, 22, 3), (30, 8, 4), (30, 12, 28), (30, 8, 26)]),
    (1921, [(28, 3, 23), (30, 3, 10), (30, 11, 31), (30, 4, 31)]),
    (2051, [(28, 21, 7), (30, 7, 7), (30, 19, 26), (30, 1, 37)]),
    (
        2185,
        [(28, 19, 10), (30, 5, 10), (30, 23, 25), (30, 15, 25)],
    ),
    (2323, [(28, 2, 29), (30, 13, 3), (30, 23, 28), (30, 42, 1)]),
    (
        2465,
        [(28, 10, 23), (30, 17, 0), (30, 19, 35), (30, 10, 35)],
    ),
    (
        2611,
        [(28, 14, 21), (30, 17, 1), (30, 11, 46), (30, 29, 19)],
    ),
    (2761, [(28, 14, 23), (30, 13, 6), (30, 59, 1), (30, 44, 7)]),
    (
        2876,
        [(28, 12, 26), (30, 12, 7), (30, 22, 41), (30, 39, 14)],
    ),
    (3034, [(28, 6, 34), (30, 6, 14), (30, 2, 64), (30, 46, 10)]),
    (
        3196,
        [(28, 29, 14), (30, 17, 4), (30, 24, 46), (30, 49, 10)],
    ),
    (
        3362,
        [(28, 13, 32), (30, 4, 18), (30, 42, 32), (30, 48, 14)],
    ),
    (3532, [(28, 40, 7), (30, 20, 4), (30, 10, 67), (30, 43, 22)]),
    (
        3706,
        [(28, 18, 31), (30, 19, 6), (30, 20, 61), (30, 34, 34)],
    ),
];

/// Per version, the second alignment coordinate (the first is 6, the last
/// `size - 7`, evenly spaced from the second on; ISO/IEC 18004 annex E).
const ALIGNMENT_SECOND: [usize; 40] = [
    0, 18, 22, 26, 30, 34, 22, 24, 26, 28, 30, 32, 34, 26, 26, 26, 30, 30, 30, 34, 28, 26, 30, 28,
    32, 30, 34, 26, 30, 26, 30, 34, 30, 34, 30, 24, 28, 32, 26, 30,
];

/// Alignment pattern centre coordinates of a version (rows and columns).
pub(crate) fn alignment_positions(version: usize) -> Vec<usize> {
    if version < 2 {
        return Vec::new();
    }
    let last = 4 * version + 10;
    let second = ALIGNMENT_SECOND[version - 1];
    let n = version / 7 + 2;
    let step = if n > 2 { (last - second) / (n - 2) } else { 0 };
    let mut v = vec![6];
    v.extend((0..n - 1).map(|i| second + i * step));
    v
}

/// Format information: (EC level in format order, mask), from the best of
/// both copies, at most 3 bits off a valid code word.
fn format(size: usize, dark: &dyn Fn(usize, usize) -> bool) -> Option<(usize, usize)> {
    let bit = |x, y| u32::from(dark(x, y));
    let mut a = 0u32;
    // Around the top-left finder: (8, 0..=5), (8, 7), (8, 8), (7, 8), (5..=0, 8),
    // most significant bit first.
    for y in (0..=5).chain([7, 8]) {
        a = (a << 1) | bit(8, y);
    }
    for x in [7, 5, 4, 3, 2, 1, 0] {
        a = (a << 1) | bit(x, 8);
    }
    // Module (8, 0) is format bit 0: read first, it landed on top.
    let a = a.reverse_bits() >> 17;
    // The second copy, beside the other two finders, most significant bit
    // first: (8, size-1..=size-7), then (size-8..size, 8).
    let mut b = 0u32;
    for y in (size - 7..size).rev() {
        b = (b << 1) | bit(8, y);
    }
    for x in size - 8..size {
        b = (b << 1) | bit(x, 8);
    }
    let mut best = (u32::MAX, 0);
    for data in 0..32u32 {
        let word = format_word(data);
        for read in [a, b] {
            let d = (word ^ read).count_ones();
            if d < best.0 {
                best = (d, data);
            }
        }
    }
    (best.0 <= 3).then_some(((best.1 >> 3) as usize, (best.1 & 7) as usize))
}

/// The 15-bit format code word for 5 data bits (BCH(15,5), masked).
fn format_word(data: u32) -> u32 {
    let mut rem = data << 10;
    for i in (10..15).rev() {
        if rem & (1 << i) != 0 {
            rem ^= 0x537 << (i - 10);
        }
    }
    ((data << 10) | rem) ^ 0x5412
}

fn mask(m: usize, x: usize, y: usize) -> bool {
    match m {
        0 => (y + x).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (y + x).is_multiple_of(3),
        4 => (y / 2 + x / 3).is_multiple_of(2),
        5 => (y * x) % 2 + (y * x) % 3 == 0,
        6 => ((y * x) % 2 + (y * x) % 3).is_multiple_of(2),
        _ => ((y * x) % 3 + (y + x) % 2).is_multiple_of(2),
    }
}

/// Function-pattern modules (not data) of a version.
fn function_map(version: usize) -> Vec<bool> {
    let size = 4 * version + 17;
    let mut f = vec![false; size * size];
    let mut set = |x0: usize, y0: usize, w: usize, h: usize| {
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                f[y * size + x] = true;
            }
        }
    };
    // Finders, separators and format areas.
    set(0, 0, 9, 9);
    set(size - 8, 0, 8, 9);
    set(0, size - 8, 9, 8);
    // Timing.
    set(6, 0, 1, size);
    set(0, 6, size, 1);
    if version >= 7 {
        set(size - 11, 0, 3, 6);
        set(0, size - 11, 6, 3);
    }
    let ap = alignment_positions(version);
    for &cy in &ap {
        for &cx in &ap {
            // The corners where finders sit carry no alignment pattern.
            let on_finder = (cx == 6 && (cy == 6 || cy == size - 7)) || (cy == 6 && cx == size - 7);
            if !on_finder {
                set(cx - 2, cy - 2, 5, 5);
            }
        }
    }
    f
}

/// Reads, corrects and parses the code in `dark`; `None` when the format,
/// the error correction or the segment headers fail.
pub(crate) fn read(size: usize, dark: &dyn Fn(usize, usize) -> bool) -> Option<Vec<Segment>> {
    if size < 21 || !(size - 17).is_multiple_of(4) || size > 177 {
        return None;
    }
    let version = (size - 17) / 4;
    let (level, m) = format(size, dark)?;
    let (total, ecc) = VERSIONS[version - 1];
    let (ec, short, long) = ecc[level];
    let func = function_map(version);
    // Codewords in placement order: two-module columns right to left,
    // zigzagging up and down, skipping the vertical timing column.
    let mut raw = Vec::with_capacity(total);
    let (mut acc, mut nbits) = (0u8, 0);
    let mut right = size - 1;
    let mut upward = true;
    loop {
        for i in 0..size {
            let y = if upward { size - 1 - i } else { i };
            for x in [right, right - 1] {
                if func[y * size + x] {
                    continue;
                }
                acc = (acc << 1) | u8::from(dark(x, y) ^ mask(m, x, y));
                nbits += 1;
                if nbits == 8 {
                    raw.push(acc);
                    (acc, nbits) = (0, 0);
                }
            }
        }
        upward = !upward;
        if right < 3 {
            break;
        }
        right -= 2;
        if right == 6 {
            right = 5;
        }
    }
    if raw.len() < total {
        return None;
    }
    // De-interleave: data codewords column by column over the blocks (long
    // blocks have one more at the end), then EC codewords the same way.
    let blocks = short + long;
    let short_len = total / blocks;
    let short_data = short_len - ec;
    let mut data = Vec::with_capacity(total);
    let mut block = Vec::with_capacity(short_len + 1);
    for b in 0..blocks {
        let is_long = b >= short;
        let dw = short_data + usize::from(is_long);
        block.clear();
        for j in 0..short_data {
            block.push(raw[j * blocks + b]);
        }
        if is_long {
            block.push(raw[short_data * blocks + (b - short)]);
        }
        let ec_start = short_data * blocks + long;
        for j in 0..ec {
            block.push(raw[ec_start + j * blocks + b]);
        }
        rs_correct(&mut block, ec)?;
        data.extend_from_slice(&block[..dw]);
    }
    segments(&data, version)
}

// --------------------------------------------------------- Reed–Solomon

struct Gf {
    exp: [u8; 512],
    log: [u8; 256],
}

const GF: Gf = {
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = x as u8;
        exp[i + 255] = x as u8;
        log[x as usize] = i as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11d;
        }
        i += 1;
    }
    exp[510] = exp[0];
    Gf { exp, log }
};

fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        GF.exp[GF.log[a as usize] as usize + GF.log[b as usize] as usize]
    }
}

fn div(a: u8, b: u8) -> u8 {
    if a == 0 {
        0
    } else {
        GF.exp[GF.log[a as usize] as usize + 255 - GF.log[b as usize] as usize]
    }
}

/// α^i.
fn pow_a(i: usize) -> u8 {
    GF.exp[i % 255]
}

/// Corrects a block (codewords first to last = highest to lowest power) in
/// place; `None` when there are more errors than `ec / 2`.
fn rs_correct(block: &mut [u8], ec: usize) -> Option<()> {
    let n = block.len();
    // Syndromes S_i = r(α^i), i = 0..ec (generator roots α^0..α^(ec-1)).
    let mut synd = vec![0u8; ec];
    let mut any = false;
    for (i, s) in synd.iter_mut().enumerate() {
        let mut acc = 0u8;
        let x = pow_a(i);
        for &c in block.iter() {
            acc = mul(acc, x) ^ c;
        }
        *s = acc;
        any |= acc != 0;
    }
    if !any {
        return Some(());
    }
    // Berlekamp–Massey: error locator σ(x), lowest power first.
    let mut sigma = vec![0u8; ec + 1];
    let mut prev = vec![0u8; ec + 1];
    sigma[0] = 1;
    prev[0] = 1;
    let (mut l, mut shift, mut b) = (0usize, 1usize, 1u8);
    for k in 0..ec {
        let mut d = synd[k];
        for i in 1..=l {
            d ^= mul(sigma[i], synd[k - i]);
        }
        if d == 0 {
            shift += 1;
            continue;
        }
        let coef = div(d, b);
        if 2 * l <= k {
            let saved = sigma.clone();
            for i in 0..(ec + 1).saturating_sub(shift) {
                sigma[i + shift] ^= mul(coef, prev[i]);
            }
            l = k + 1 - l;
            prev = saved;
            b = d;
            shift = 1;
        } else {
            for i in 0..(ec + 1).saturating_sub(shift) {
                sigma[i + shift] ^= mul(coef, prev[i]);
            }
            shift += 1;
        }
    }
    if l == 0 || 2 * l > ec {
        return None;
    }
    // Error evaluator Ω(x) = S(x)·σ(x) mod x^ec.
    let mut omega = vec![0u8; ec];
    for i in 0..ec {
        let mut acc = 0;
        for j in 0..=i.min(l) {
            acc ^= mul(sigma[j], synd[i - j]);
        }
        omega[i] = acc;
    }
    // Chien search over the block's positions; Forney for the magnitudes
    // (generator roots from α^0: e = X·Ω(X⁻¹)/σ'(X⁻¹)).
    let mut found = 0;
    for pos in 0..n {
        // Position `pos` from the end has locator X = α^pos.
        let xinv = pow_a(255 - pos % 255);
        let mut v = 0u8;
        for i in (0..=l).rev() {
            v = mul(v, xinv) ^ sigma[i];
        }
        if v != 0 {
            continue;
        }
        let mut om = 0u8;
        for i in (0..ec).rev() {
            om = mul(om, xinv) ^ omega[i];
        }
        // σ'(x): odd-power terms (characteristic 2).
        let mut sd = 0u8;
        for i in (1..=l).rev().filter(|i| i % 2 == 1) {
            let mut t = sigma[i];
            for _ in 0..i - 1 {
                t = mul(t, xinv);
            }
            sd ^= t;
        }
        if sd == 0 {
            return None;
        }
        let e = mul(pow_a(pos), div(om, sd));
        block[n - 1 - pos] ^= e;
        found += 1;
    }
    if found != l {
        return None;
    }
    // The corrected block must be a code word.
    for i in 0..ec {
        let x = pow_a(i);
        let mut acc = 0u8;
        for &c in block.iter() {
            acc = mul(acc, x) ^ c;
        }
        if acc != 0 {
            return None;
        }
    }
    Some(())
}

// ------------------------------------------------------------- segments

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn left(&self) -> usize {
        self.data.len() * 8 - self.pos
    }
    fn take(&mut self, n: usize) -> Option<u32> {
        if n > self.left() {
            return None;
        }
        let mut v = 0u32;
        for _ in 0..n {
            let bit = (self.data[self.pos / 8] >> (7 - self.pos % 8)) & 1;
            v = (v << 1) | u32::from(bit);
            self.pos += 1;
        }
        Some(v)
    }
}

const ALNUM: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Parses the corrected data codewords into segments.
fn segments(data: &[u8], version: usize) -> Option<Vec<Segment>> {
    let tier = match version {
        1..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let mut bits = Bits { data, pos: 0 };
    let mut out: Vec<Segment> = Vec::new();
    let mut eci: Option<u32> = None;
    let push = |out: &mut Vec<Segment>, charset: Charset, bytes: &[u8]| match out.last_mut() {
        Some(last) if last.charset == charset => last.bytes.extend_from_slice(bytes),
        _ => out.push(Segment {
            charset,
            bytes: bytes.to_vec(),
        }),
    };
    // Numeric and alphanumeric text is ASCII under any ECI we read.
    while bits.left() >= 4 {
        let mode = bits.take(4)?;
        match mode {
            0 => break,
            1 => {
                let mut count = bits.take([10, 12, 14][tier])? as usize;
                let mut s = Vec::with_capacity(count);
                while count > 0 {
                    let (nb, digits) = match count {
                        1 => (4, 1),
                        2 => (7, 2),
                        _ => (10, 3),
                    };
                    let v = bits.take(nb)?;
                    if v >= [10, 100, 1000][digits - 1] {
                        return None;
                    }
                    let text = format!("{v:0digits$}");
                    s.extend_from_slice(text.as_bytes());
                    count -= digits;
                }
                push(&mut out, Charset::Ascii, &s);
            }
            2 => {
                let mut count = bits.take([9, 11, 13][tier])? as usize;
                let mut s = Vec::with_capacity(count);
                while count >= 2 {
                    let v = bits.take(11)? as usize;
                    if v >= 45 * 45 {
                        return None;
                    }
                    s.extend_from_slice(&[ALNUM[v / 45], ALNUM[v % 45]]);
                    count -= 2;
                }
                if count == 1 {
                    let v = bits.take(6)? as usize;
                    s.push(*ALNUM.get(v)?);
                }
                push(&mut out, Charset::Ascii, &s);
            }
            4 => {
                let count = bits.take([8, 16, 16][tier])? as usize;
                if bits.left() < count * 8 {
                    return None;
                }
                let s: Vec<u8> = (0..count)
                    .map(|_| bits.take(8).map(|b| b as u8))
                    .collect::<Option<_>>()?;
                let charset = eci.map_or(Charset::Unspecified, Charset::Eci);
                push(&mut out, charset, &s);
            }
            8 => {
                let count = bits.take([8, 10, 12][tier])? as usize;
                if bits.left() < count * 13 {
                    return None;
                }
                let mut s = Vec::with_capacity(count * 2);
                for _ in 0..count {
                    let v = bits.take(13)?;
                    let w = (v / 0xc0) << 8 | (v % 0xc0);
                    let sj = if w + 0x8140 <= 0x9ffc {
                        w + 0x8140
                    } else {
                        w + 0xc140
                    };
                    s.extend_from_slice(&[(sj >> 8) as u8, sj as u8]);
                }
                push(&mut out, Charset::Kanji, &s);
            }
            7 => {
                let first = bits.take(8)?;
                let value = if first & 0x80 == 0 {
                    first
                } else if first & 0xc0 == 0x80 {
                    (first & 0x3f) << 8 | bits.take(8)?
                } else if first & 0xe0 == 0xc0 {
                    (first & 0x1f) << 16 | bits.take(16)?
                } else {
                    return None;
                };
                eci = Some(value);
            }
            // Structured append: sequence number, total, parity. The part is
            // returned on its own.
            3 => {
                bits.take(16)?;
            }
            // FNC1 (GS1 / AIM): a marker, or an application indicator.
            5 => {}
            9 => {
                bits.take(8)?;
            }
            // Padding after a missing terminator (some encoders fill the
            // code to capacity and skip it): the text is complete.
            _ if !out.is_empty() => break,
            _ => return None,
        }
    }
    Some(out)
}

// ----------------------------------------------------------------- text

/// Joins segments into text (see the module documentation for the rules).
pub(crate) fn text(segments: &[Segment]) -> String {
    let has_eci = segments
        .iter()
        .any(|s| matches!(s.charset, Charset::Eci(_)));
    if !has_eci {
        let all: Vec<u8> = segments
            .iter()
            .flat_map(|s| s.bytes.iter().copied())
            .collect();
        if !all.is_ascii()
            && let Ok(s) = std::str::from_utf8(&all)
        {
            return s.to_string();
        }
    }
    let unspecified: Vec<u8> = segments
        .iter()
        .filter(|s| s.charset == Charset::Unspecified)
        .flat_map(|s| s.bytes.iter().copied())
        .collect();
    let guess = guess(&unspecified);
    let mut out = String::new();
    for s in segments {
        let enc = match s.charset {
            Charset::Ascii => {
                out.extend(s.bytes.iter().map(|&b| b as char));
                continue;
            }
            Charset::Unspecified => guess,
            Charset::Kanji => Guess::ShiftJis,
            Charset::Eci(n) => eci_charset(n).unwrap_or(guess),
        };
        out.push_str(&enc.decode(&s.bytes));
    }
    out
}

#[derive(Clone, Copy)]
enum Guess {
    Utf8,
    ShiftJis,
    Latin1,
    Other(&'static Encoding),
}

impl Guess {
    fn decode(self, bytes: &[u8]) -> String {
        match self {
            Guess::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
            // ISO-8859-1 proper (encoding_rs maps the label to windows-1252).
            Guess::Latin1 => bytes.iter().map(|&b| b as char).collect(),
            Guess::ShiftJis => encoding_rs::SHIFT_JIS
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            Guess::Other(e) => e.decode_without_bom_handling(bytes).0.into_owned(),
        }
    }
}

/// The character set an ECI designates (AIM ECI assignments); `None` for
/// the ones we do not know, whose bytes are then guessed.
fn eci_charset(n: u32) -> Option<Guess> {
    use encoding_rs::*;
    Some(Guess::Other(match n {
        1 | 3 => return Some(Guess::Latin1),
        20 => return Some(Guess::ShiftJis),
        // US-ASCII: UTF-8 reads it the same.
        26 | 27 | 170 => return Some(Guess::Utf8),
        // CP437 in the standard; not in encoding_rs, windows-1252 agrees on
        // ASCII, which is what such codes hold in practice.
        0 | 2 => WINDOWS_1252,
        4 => ISO_8859_2,
        5 => ISO_8859_3,
        6 => ISO_8859_4,
        7 => ISO_8859_5,
        8 => ISO_8859_6,
        9 => ISO_8859_7,
        10 => ISO_8859_8,
        11 => WINDOWS_1254,
        12 => ISO_8859_10,
        13 => WINDOWS_874,
        15 => ISO_8859_13,
        16 => ISO_8859_14,
        17 => ISO_8859_15,
        18 => ISO_8859_16,
        21 => WINDOWS_1250,
        22 => WINDOWS_1251,
        23 => WINDOWS_1252,
        24 => WINDOWS_1256,
        25 => UTF_16BE,
        28 => BIG5,
        29 => GB18030,
        30 => EUC_KR,
        _ => return None,
    }))
}

/// ZXing's guess for byte-mode bytes without an ECI
/// (`StringUtils.guessCharset`): UTF-8 when valid with a multi-byte
/// character; Shift_JIS when valid with three double-byte or katakana
/// characters in a row; between Shift_JIS and ISO-8859-1, Shift_JIS on
/// exactly two katakana or many high non-letter Latin-1 bytes; then
/// ISO-8859-1, Shift_JIS, UTF-8 in that order.
fn guess(bytes: &[u8]) -> Guess {
    if bytes.is_ascii() {
        return Guess::Utf8;
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    if utf8 {
        return Guess::Utf8;
    }
    let mut can_iso = true;
    let mut can_sjis = true;
    let mut iso_high_other = 0usize;
    let (mut sjis_bytes_left, mut katakana_chars) = (0, 0);
    let (mut katakana_word, mut max_katakana_word) = (0, 0);
    let (mut double_word, mut max_double_word) = (0, 0);
    for &v in bytes {
        if can_iso {
            if (0x7f..0xa0).contains(&v) {
                can_iso = false;
            } else if v > 0x9f && (v < 0xc0 || v == 0xd7 || v == 0xf7) {
                iso_high_other += 1;
            }
        }
        if can_sjis {
            if sjis_bytes_left > 0 {
                if !(0x40..=0xfc).contains(&v) || v == 0x7f {
                    can_sjis = false;
                } else {
                    sjis_bytes_left -= 1;
                }
            } else if v == 0x80 || v == 0xa0 || v > 0xef {
                can_sjis = false;
            } else if (0xa1..0xe0).contains(&v) {
                katakana_chars += 1;
                double_word = 0;
                katakana_word += 1;
                max_katakana_word = max_katakana_word.max(katakana_word);
            } else if v > 0x7f {
                sjis_bytes_left += 1;
                katakana_word = 0;
                double_word += 1;
                max_double_word = max_double_word.max(double_word);
            } else {
                katakana_word = 0;
                double_word = 0;
            }
        }
    }
    if sjis_bytes_left > 0 {
        can_sjis = false;
    }
    if can_sjis && (max_katakana_word >= 3 || max_double_word >= 3) {
        return Guess::ShiftJis;
    }
    if can_iso && can_sjis {
        return if (max_katakana_word == 2 && katakana_chars == 2)
            || iso_high_other * 10 >= bytes.len()
        {
            Guess::ShiftJis
        } else {
            Guess::Latin1
        };
    }
    if can_iso {
        Guess::Latin1
    } else if can_sjis {
        Guess::ShiftJis
    } else {
        Guess::Utf8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_positions_follow_the_standard_table() {
        assert_eq!(alignment_positions(1), Vec::<usize>::new());
        assert_eq!(alignment_positions(2), [6, 18]);
        assert_eq!(alignment_positions(7), [6, 22, 38]);
        assert_eq!(alignment_positions(15), [6, 26, 48, 70]);
        // rqrr 0.11's table says 92 here, which misplaces version-21 data.
        assert_eq!(alignment_positions(21), [6, 28, 50, 72, 94]);
        assert_eq!(alignment_positions(22), [6, 26, 50, 74, 98]);
        assert_eq!(alignment_positions(32), [6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_positions(36), [6, 24, 50, 76, 102, 128, 154]);
        assert_eq!(alignment_positions(40), [6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn reed_solomon_corrects_up_to_half_the_ec_codewords() {
        // Version 1-M: 16 data + 10 EC codewords ("01234567" in numeric mode,
        // ISO/IEC 18004 annex I).
        let good: [u8; 26] = [
            0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11,
            0xec, 0x11, 0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55,
        ];
        let mut b = good;
        assert!(rs_correct(&mut b, 10).is_some());
        for (i, e) in [(0, 0xff), (7, 0x01), (13, 0x80), (20, 0x33), (25, 0x5a)] {
            b[i] ^= e;
        }
        assert!(rs_correct(&mut b, 10).is_some());
        assert_eq!(b, good);
        for i in 0..6 {
            b[i * 4] ^= 0x77;
        }
        // Six errors with ten EC codewords: refused or (rarely) miscorrected,
        // never "corrected" to something that is not a code word.
        if rs_correct(&mut b, 10).is_some() {
            assert_ne!(b, good);
        }
    }

    #[test]
    fn byte_mode_guess_follows_zxing() {
        assert!(matches!(guess("ペップアップ".as_bytes()), Guess::Utf8));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("山田太郎");
        assert!(matches!(guess(&sjis), Guess::ShiftJis));
        assert!(matches!(guess("café".as_bytes()), Guess::Utf8));
        assert!(matches!(guess(b"caf\xe9 cr\xe8me"), Guess::Latin1));
    }
}
