// The theme's colours and sizes, read from ui/css/app.css itself: text at
// least 4.5:1 against what it sits on, and what a person must see to use a
// control (input and button borders, the focus ring, the selection, the
// countdown ring) at least 3:1 (WCAG 1.4.3 and 1.4.11), in the light and
// dark themes; no text smaller than 15 px at the standard size (issue 12).
// Run: node --test tests/ui/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui', 'css', 'app.css'), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties declared in the block that opens with `selector {`. */
function block(selector) {
  const start = css.indexOf(`${selector} {`);
  assert.ok(start >= 0, `no ${selector} block in app.css`);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  const vars = {};
  for (const m of body.matchAll(/--([\w-]+):\s*([^;]+);/g)) vars[m[1]] = m[2].trim();
  return vars;
}

const light = block(':root');
const darkOs = block(':root:not([data-theme="light"])');
const dark = block(':root[data-theme="dark"]');

/** Relative luminance of #rrggbb (WCAG 2.x). */
function luminance(hex) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  assert.ok(m, `${hex} is not #rrggbb`);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, backgrounds, minimum ratio, what it is]
const PAIRS = [
  ['text', ['bg', 'surface', 'select-soft', 'accent-soft'], 4.5, 'body text, also on a selected row'],
  ['muted', ['bg', 'surface', 'select-soft'], 4.5, 'hints and account names'],
  ['accent-text', ['accent'], 4.5, 'text on the primary button'],
  ['accent', ['bg', 'surface', 'accent-soft'], 4.5, 'accent text and the account icon letter'],
  ['error', ['bg', 'surface'], 4.5, 'error messages'],
  ['warn', ['bg', 'surface', 'select-soft'], 4.5, 'warnings and 「あと数秒で変わります」'],
  ['ok', ['bg', 'surface'], 4.5, 'success messages'],
  ['accent-text', ['ok'], 4.5, 'text on a button that says it copied'],
  ['bg', ['text'], 4.5, 'the toast'],
  ['control-border', ['bg', 'surface'], 3, 'input and button borders'],
  ['focus', ['bg', 'surface', 'select-soft'], 3, 'the focus outline'],
  ['select', ['bg', 'surface'], 3, 'the selected row\'s edge'],
  ['ring', ['ring-track', 'surface'], 3, 'the countdown ring'],
  ['warn', ['ring-track', 'surface'], 3, 'the countdown ring in its last seconds'],
];

for (const [name, theme] of [['light', light], ['dark', dark]]) {
  test(`${name} theme: text 4.5:1, controls and the ring 3:1`, () => {
    const failures = [];
    for (const [fg, bgs, min, what] of PAIRS) {
      for (const bg of bgs) {
        assert.ok(theme[fg] && theme[bg], `--${fg} or --${bg} missing in the ${name} theme`);
        const ratio = contrast(theme[fg], theme[bg]);
        if (ratio < min) failures.push(`--${fg} on --${bg}: ${ratio.toFixed(2)} < ${min} (${what})`);
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('the contrast arithmetic is WCAG\'s', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(2), '21.00');
  assert.equal(contrast('#777777', '#ffffff').toFixed(2), '4.48');
  assert.equal(contrast('#ffffff', '#ffffff'), 1);
});

test('input and button borders use the 3:1 colour, not the decorative line', () => {
  for (const selector of ['button {', 'input[type="text"], input[type="password"]']) {
    const start = css.indexOf(selector);
    assert.ok(start >= 0, selector);
    const rule = css.slice(start, css.indexOf('}', start));
    assert.match(rule, /border:\s*1px solid var\(--control-border\)/, selector);
  }
});

test('both dark blocks (the OS\'s choice and the explicit one) are the same', () => {
  assert.deepEqual(darkOs, dark);
  assert.deepEqual(Object.keys(dark).sort(), Object.keys(light).sort(), 'light and dark define the same colours');
});

test('no text below 15 px at the standard size; 大 and 特大 scale the root', () => {
  for (const m of css.matchAll(/font-size:\s*([\d.]+)(rem|em|px)/g)) {
    const px = m[2] === 'px' ? Number(m[1]) : Number(m[1]) * 16;
    assert.ok(px >= 15, `font-size: ${m[1]}${m[2]} is ${px} px`);
  }
  assert.match(css, /:root\[data-text-size="large"\]\s*\{\s*font-size:\s*112\.5%/);
  assert.match(css, /:root\[data-text-size="xlarge"\]\s*\{\s*font-size:\s*125%/);
});
