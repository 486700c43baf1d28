// Both languages are complete, every key the code uses exists, and views
// carry no hard-coded text. Run: node --test tests/ui/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');
const read = (p) => readFileSync(join(root, p), 'utf8');

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const ja = JSON.parse(read('i18n/ja.json'));
const en = JSON.parse(read('i18n/en.json'));

function jsFiles() {
  const files = readdirSync(join(root, 'js')).filter((f) => f.endsWith('.js')).map((f) => `js/${f}`);
  return files.concat(readdirSync(join(root, 'js', 'views')).map((f) => `js/views/${f}`));
}

test('ja.json and en.json have the same keys, none empty', () => {
  const jaKeys = keys(ja).sort();
  const enKeys = keys(en).sort();
  assert.deepEqual(jaKeys, enKeys);
  for (const k of jaKeys) {
    const get = (d) => k.split('.').reduce((o, p) => o[p], d);
    assert.ok(get(ja).trim(), `ja ${k} is empty`);
    assert.ok(get(en).trim(), `en ${k} is empty`);
  }
});

test('the same placeholders in both languages', () => {
  for (const k of keys(ja)) {
    const get = (d) => k.split('.').reduce((o, p) => o[p], d);
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(get(ja)), names(get(en)), k);
  }
});

test('every literal t() key used in the code exists', () => {
  const all = new Set(keys(ja));
  for (const file of jsFiles()) {
    for (const m of read(file).matchAll(/\bt\('([\w.]+)'/g)) {
      assert.ok(all.has(m[1]), `${file}: t('${m[1]}') is not in ja.json`);
    }
  }
  // Keys built at run time: every error kind, strength level, lock reason
  // and activity event the backend can send.
  const errorKinds = ['wrong_password', 'locked', 'no_vault', 'vault_exists', 'keyring_unavailable', 'duplicate', 'invalid_key', 'invalid_account', 'nothing_found', 'not_an_image', 'screen_unavailable', 'clipboard_empty', 'clipboard', 'busy', 'changed_on_disk', 'unsupported', 'io', 'password_rejected', 'no_such_account', 'excessive_work', 'too_large', 'other'];
  for (const kind of errorKinds) assert.ok(all.has(`error.${kind}`), kind);
  for (const level of [0, 1, 2, 3, 4]) assert.ok(all.has(`strength.${level}`));
  for (const r of ['idle', 'session', 'suspend', 'user']) assert.ok(all.has(`unlock.reason.${r}`));
  for (const e of ['empty', 'char', 'padding', 'length', 'short']) assert.ok(all.has(`manual.error.${e}`));
});

test('the backend error kinds and events match the i18n files', () => {
  const errorRs = readFileSync(join(root, '..', 'src-tauri', 'src', 'error.rs'), 'utf8');
  const enumBody = errorRs.slice(errorRs.indexOf('pub enum ErrorKind'), errorRs.indexOf('}', errorRs.indexOf('pub enum ErrorKind')));
  const variants = [...enumBody.matchAll(/^\s{4}([A-Z]\w+),/gm)].map((m) => m[1].replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase()));
  assert.ok(variants.length > 10);
  for (const v of variants) assert.ok(ja.error[v], `error.${v} missing`);
  const activityRs = readFileSync(join(root, '..', 'src-tauri', 'src', 'activity.rs'), 'utf8');
  const eventBody = activityRs.slice(activityRs.indexOf('pub enum Event'), activityRs.indexOf('}', activityRs.indexOf('pub enum Event')));
  const events = [...eventBody.matchAll(/^\s{4}([A-Z]\w+),/gm)].map((m) => m[1].replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase()));
  assert.ok(events.length > 5);
  for (const e of events) assert.ok(ja.activity.event[e], `activity.event.${e} missing`);
});

test('no hard-coded words in views or markup', () => {
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
  // An English sentence or label: a capitalised word followed by more words.
  const english = /^[A-Z][a-z]+(?:[ ,.!?'][A-Za-z]+)+[.!?]?$/;
  for (const file of jsFiles()) {
    const source = read(file).replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    assert.ok(!japanese.test(source), `${file} contains Japanese text outside i18n/`);
    for (const m of source.matchAll(/'([^'\\]*)'|`([^`\\]*)`|"([^"\\]*)"/g)) {
      const literal = m[1] ?? m[2] ?? m[3];
      // A key of a lookup table (the backend's English names in report.js)
      // is matched, never shown.
      if (/^\s*:/.test(source.slice(m.index + m[0].length))) continue;
      assert.ok(!english.test(literal), `${file}: hard-coded text ${JSON.stringify(literal)}`);
    }
  }
  const html = read('index.html');
  const bodyText = html.slice(html.indexOf('<body>')).replace(/<[^>]+>/g, '').trim();
  assert.equal(bodyText, '', 'index.html body has no text; views fill it from i18n');
});

test('no inline scripts, styles or handlers in the markup', () => {
  const html = read('index.html');
  assert.ok(!/<script(?![^>]*\bsrc=)/.test(html), 'inline <script>');
  assert.ok(!/<style/.test(html), 'inline <style>');
  assert.ok(!/\sstyle=/.test(html), 'style attribute');
  assert.ok(!/\son[a-z]+=/.test(html), 'inline event handler');
  for (const file of jsFiles()) {
    const source = read(file).replace(/^\s*\/\/.*$/gm, '');
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/.test(source), `${file} builds markup from strings or evaluates code`);
    if (file !== 'js/api.js') assert.ok(!/__TAURI/.test(source), `${file} calls Tauri directly; only api.js may`);
  }
});

test('issue 12: one word for the vault in each language', () => {
  const values = (d) => keys(d).map((k) => k.split('.').reduce((o, p) => o[p], d));
  for (const v of values(ja)) assert.ok(!v.includes('金庫'), `ja says 金庫 (use 保管庫): ${v}`);
  for (const v of values(en)) assert.ok(!/\b(the safe|strongbox|store of accounts)\b/i.test(v), `en names the vault otherwise: ${v}`);
});
