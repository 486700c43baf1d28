// Building DOM nodes without innerHTML: text always goes in as text, so an
// account name can never become markup.

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const HIRAGANA = /[\u3041-\u309f]/;
/** What may not start a line or ends a phrase already (punctuation, small
 * kana, the long vowel mark). */
const NO_BREAK_BEFORE = /[\s\u3001\u3002\uff0c\uff0e\uff01\uff1f\u3011\u3015\u30fc\u30fb\uff1a\uff1b\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u2026)]/;
/** Punctuation after which a new phrase starts (、。！？; not 」: 「認証コード」欄に is one). */
const PHRASE_PUNCTUATION = /[\u3001\u3002\uff0c\uff0e\uff01\uff1f]/;
const KANJI = /[\u4e00-\u9fff]/;
/** Particles: の に を で が は と も へ や. */
const PARTICLES = /[\u306e\u306b\u3092\u3067\u304c\u306f\u3068\u3082\u3078\u3084]/;
/** Elements whose text may carry <wbr> (not <option>, <title>, <textarea>). */
const PHRASED_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'SPAN', 'LABEL', 'BUTTON', 'LI', 'STRONG', 'LEGEND', 'SUMMARY', 'DIV', 'A']);

/**
 * Japanese text cut into phrases (文節), so a line breaks between them and
 * never inside a word (「くだ／さい」, 「QR／コード」). A phrase ends where
 * hiragana (particles, okurigana) meet the kanji, katakana or Latin that
 * start the next one: 「設定画面の｜「認証コード」欄に｜入力してください。」.
 * WebKitGTK has no `word-break: auto-phrase`; this is its simple cousin.
 */
export function phrases(text) {
  const chars = Array.from(String(text));
  const out = [];
  let current = '';
  for (let i = 0; i < chars.length; i++) {
    if (current && phraseEnds(chars, i)) {
      out.push(current);
      current = '';
    }
    current += chars[i];
  }
  if (current) out.push(current);
  return out;
}

/** Whether a phrase ends before chars[i]. */
function phraseEnds(chars, i) {
  const c = chars[i];
  const prev = chars[i - 1];
  if (NO_BREAK_BEFORE.test(c)) return false;
  if (PHRASE_PUNCTUATION.test(prev)) return true;
  if (!HIRAGANA.test(prev) || HIRAGANA.test(c)) return false;
  // One kana between kanji is the okurigana of a compound (貼り付け,
  // 取り消す, 表示し直す) unless it is a particle (画面に表示).
  const single = i >= 2 && KANJI.test(chars[i - 2]);
  return !(single && KANJI.test(c) && !PARTICLES.test(prev));
}

/** Sets an element's text; Japanese gets a <wbr> between phrases (and the
 * class `phrased`, which forbids breaks anywhere else). */
export function setPhrasedText(el, value) {
  const phrased = setText(el, value);
  el.classList.toggle('phrased', phrased);
}

function setText(el, value) {
  const text = String(value);
  const parts = PHRASED_TAGS.has(el.tagName) && JAPANESE.test(text) ? phrases(text) : [text];
  if (parts.length < 2) {
    el.textContent = text;
    return false;
  }
  el.replaceChildren(...parts.flatMap((p, i) => (i ? [document.createElement('wbr'), p] : [p])));
  return true;
}

/**
 * h('button', {class: 'x', text: 'Copy', attrs: {'aria-label': '…'},
 *   on: {click: fn}, data: {id: '…'}}, ...children)
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  let phrased = false;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') phrased = setText(el, value);
    else if (key === 'attrs') for (const [a, v] of Object.entries(value)) { if (v !== undefined && v !== null && v !== false) el.setAttribute(a, v === true ? '' : String(v)); }
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'data') for (const [d, v] of Object.entries(value)) el.dataset[d] = v;
    else el[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  if (phrased) el.classList.add('phrased');
  return el;
}

/** Removes every child of `el`. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}

let uid = 0;
/** A fresh id for label/aria wiring. */
export function freshId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: returns {field, input}. */
export function field(labelText, input, hint) {
  const id = input.id || freshId('f');
  input.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  const wrapper = h('div', { class: 'field' }, h('label', { attrs: { for: id }, text: labelText }), input, hintEl);
  return { field: wrapper, input };
}
