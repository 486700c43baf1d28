// Live validation of a typed setup key (tested with node --test). It mirrors
// omamori_otp::Secret::from_setup_key so the person sees the same verdict
// before pressing "Add"; the backend checks again and has the last word.
//
// What the Japanese IME types is read as meant: full-width letters, digits
// and spaces (ＧＥＺＤ　ＧＮＢＶ) are folded to ASCII (NFKC) first, and an
// error's position counts the key's characters, not the spaces between
// groups ("8文字目" is the 8th letter however it was spaced).

const ALPHABET = /^[A-Za-z2-7]$/;
const SEPARATORS = /^[ \-\t\r\n]$/;
const MIN_BITS = 80;

/** Look-alike characters people type for base32 letters: 「1」→ I か L… */
const CONFUSIONS = { 1: ['I', 'L'], 0: ['O'], 8: ['B'] };

/**
 * A typed setup key as the backend should get it: full width folded, and
 * the dashes an IME gives for "-" (ー, ‐, −) made hyphens.
 */
export function normalizeKey(text) {
  return String(text ?? '').normalize('NFKC').replace(/[\u30fc\u2010-\u2015\u2212]/g, '-');
}

/** A whole number typed in any width ("３０" → 30); null if it is not one. */
export function normalizeNumber(text) {
  const s = String(text ?? '').normalize('NFKC').trim();
  return /^[0-9]+$/.test(s) ? Number(s) : null;
}

/** What `char` is probably meant to be (['I', 'L'] for "1"), or null. */
export function confusionHint(char) {
  return CONFUSIONS[char] || null;
}

/**
 * Checks a setup key. Returns {ok: true} or {ok: false, error, position,
 * char}, where `error` is one of empty, char, padding, length, short,
 * `position` counts the key's characters from 1 (spaces and hyphens
 * between groups not counted) and `char` is the character after folding.
 */
export function checkSetupKey(text) {
  const chars = Array.from(normalizeKey(text));
  let count = 0;
  let position = 0;
  let paddingAt = null;
  for (const c of chars) {
    if (SEPARATORS.test(c)) continue;
    position++;
    if (c === '=') {
      if (paddingAt === null) paddingAt = position;
      continue;
    }
    if (paddingAt !== null) return { ok: false, error: 'padding', position, char: c };
    if (!ALPHABET.test(c)) return { ok: false, error: 'char', position, char: c };
    count++;
  }
  if (count === 0) return { ok: false, error: 'empty' };
  const rest = count % 8;
  if (rest === 1 || rest === 3 || rest === 6) return { ok: false, error: 'length' };
  const bits = Math.floor((count * 5) / 8) * 8;
  if (bits < MIN_BITS) return { ok: false, error: 'short' };
  return { ok: true };
}
