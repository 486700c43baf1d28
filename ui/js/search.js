// Pure search over issuer and account (tested with node --test). Matching
// forgives width (full-width ＡＢＣ, half-width ｶﾀｶﾅ), case, and katakana vs
// hiragana, so "ぺっぷ" finds "ペップ" and "pep" finds "Ｐｅｐ Ｕｐ".

/** Folds text for matching: NFKC, lower case, katakana to hiragana. */
export function fold(text) {
  return String(text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Whether every space-separated term of `query` is in the issuer or account. */
export function matches(account, query) {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = `${fold(account.issuer)} ${fold(account.account)}`;
  return terms.every((t) => haystack.includes(t));
}

/** The accounts matching `query`, in their order. */
export function filter(accounts, query) {
  return accounts.filter((a) => matches(a, query));
}
