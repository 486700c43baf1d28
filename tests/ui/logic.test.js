// The UI's pure logic: code grouping, countdown arithmetic, search folding,
// setup-key checks, password strength and i18n lookup. Run: node --test tests/ui/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { groupCode, groupKey, spokenCode, initial, accountLabel } from '../../ui/js/format.js';
import { secondsLeft, displaySeconds, fractionLeft, showNext, expired, msUntilRefresh, clockOffset, NEXT_CODE_SECONDS } from '../../ui/js/countdown.js';
import { fold, matches, filter } from '../../ui/js/search.js';
import { checkSetupKey, normalizeKey, normalizeNumber } from '../../ui/js/setupkey.js';
import { strength } from '../../ui/js/strength.js';
import { lookup, pickLanguage } from '../../ui/js/i18n.js';

test('codes are grouped for reading', () => {
  assert.equal(groupCode('123456'), '123 456');
  assert.equal(groupCode('1234567'), '123 4567');
  assert.equal(groupCode('12345678'), '1234 5678');
  assert.equal(groupCode('123456789'), '123 456 789');
  assert.equal(groupCode('1234567890'), '123 456 789 0');
  assert.equal(groupCode('2BC9F'), '2BC9F', 'Steam codes stay whole');
  assert.equal(groupCode('012345'), '012 345', 'leading zeros kept');
});

test('codes are spoken one digit at a time', () => {
  assert.equal(spokenCode('886921'), '8 8 6 9 2 1');
  assert.equal(spokenCode('886 921'), '8 8 6 9 2 1');
  assert.equal(spokenCode('2BC9F'), '2 B C 9 F');
});

test('setup keys are shown in fours; icons and labels', () => {
  assert.equal(groupKey('JBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP');
  assert.equal(groupKey('JBSWY3'), 'JBSW Y3');
  assert.equal(initial('pep up', 'x'), 'P');
  assert.equal(initial('', 'taro'), 'T');
  assert.equal(initial('健康保険組合', ''), '健');
  assert.equal(initial('', ''), '?');
  assert.equal(accountLabel('Pep Up', 'taro@example.jp'), 'Pep Up (taro@example.jp)');
  assert.equal(accountLabel('', 'taro'), 'taro');
});

test('countdown arithmetic', () => {
  assert.equal(secondsLeft(1030, 1012.5), 17.5);
  assert.equal(secondsLeft(1030, 1031), 0);
  assert.equal(displaySeconds(1030, 1025.2), 5);
  assert.equal(displaySeconds(1030, 1025), 5);
  assert.equal(fractionLeft(1000, 1030, 1015), 0.5);
  assert.equal(fractionLeft(1000, 1030, 999), 1);
  assert.equal(fractionLeft(1000, 1030, 1040), 0);
  assert.equal(fractionLeft(1000, 1000, 1000), 0);
  assert.equal(expired(1030, 1029.99), false);
  assert.equal(expired(1030, 1030), true);
});

test('the next code shows only in the last seconds', () => {
  assert.equal(showNext(1030, 1030 - NEXT_CODE_SECONDS - 0.1, 30), false);
  assert.equal(showNext(1030, 1030 - NEXT_CODE_SECONDS, 30), true);
  assert.equal(showNext(1030, 1029.5, 30), true);
  assert.equal(showNext(1030, 1030, 30), false, 'expired: the list refreshes instead');
  // Short periods: at most a third of the period.
  assert.equal(showNext(1010, 1006, 10), false);
  assert.equal(showNext(1010, 1007, 10), true);
});

test('refresh timing and clock offset', () => {
  assert.equal(msUntilRefresh([{ valid_until: 1030 }, { valid_until: 1020 }, { valid_until: null }], 1019.5), 500);
  assert.equal(msUntilRefresh([{ valid_until: null }], 1000), null);
  assert.equal(msUntilRefresh([{ valid_until: 1000 }], 1001), 0);
  assert.equal(clockOffset(1000, 998.7), 2);
  assert.equal(clockOffset(1000, 1000.2), 0);
});

test('search folds width, case and kana', () => {
  assert.equal(fold('ＰｅｐＵｐ'), 'pepup');
  assert.equal(fold('ペップアップ'), 'ぺっぷあっぷ');
  assert.equal(fold('ｹﾝｺｳ'), 'けんこう');
  const accounts = [
    { issuer: 'Pep Up', account: 'taro@example.jp' },
    { issuer: '健康保険組合', account: 'ハナコ' },
    { issuer: 'GitHub', account: 'hanako' },
  ];
  assert.deepEqual(filter(accounts, 'pep').map((a) => a.issuer), ['Pep Up']);
  assert.deepEqual(filter(accounts, 'はなこ').map((a) => a.issuer), ['健康保険組合']);
  assert.deepEqual(filter(accounts, '健康').map((a) => a.issuer), ['健康保険組合']);
  assert.deepEqual(filter(accounts, 'hanako git').map((a) => a.issuer), ['GitHub']);
  assert.deepEqual(filter(accounts, 'ｔａｒｏ').map((a) => a.issuer), ['Pep Up']);
  assert.equal(filter(accounts, '  ').length, 3);
  assert.equal(filter(accounts, 'zzz').length, 0);
  assert.equal(matches({ issuer: 'A', account: undefined }, 'a'), true);
});

test('setup keys are checked as the backend does', () => {
  assert.deepEqual(checkSetupKey('JBSWY3DPEHPK3PXP'), { ok: true });
  assert.deepEqual(checkSetupKey('jbsw y3dp-ehpk 3pxp'), { ok: true });
  assert.deepEqual(checkSetupKey('JBSWY3DPEHPK3PXP===='), { ok: true });
  assert.deepEqual(checkSetupKey(''), { ok: false, error: 'empty' });
  assert.deepEqual(checkSetupKey(' - '), { ok: false, error: 'empty' });
  assert.deepEqual(checkSetupKey('JBSWY3DPEHPK3PX1'), { ok: false, error: 'char', position: 16, char: '1', hint: ['I', 'L'] });
  // Positions count letters, not the spaces between groups (8th letter, not 9th).
  assert.deepEqual(checkSetupKey('JBSW Y3D0'), { ok: false, error: 'char', position: 8, char: '0', hint: ['O'] });
  assert.deepEqual(checkSetupKey('JBSW.'), { ok: false, error: 'char', position: 5, char: '.' });
  // Full-width text typed with the Japanese IME is read as ASCII (NFKC).
  assert.deepEqual(checkSetupKey('ＪＢＳＷ　Ｙ３ＤＰ　ＥＨＰＫ　３ＰＸＰ'), { ok: true });
  assert.deepEqual(checkSetupKey('ｊｂｓｗーｙ３ｄｐーｅｈｐｋー３ｐｘｐ'), { ok: true });
  assert.deepEqual(checkSetupKey('ＪＢＳＷ　Ｙ３Ｄ８'), { ok: false, error: 'char', position: 8, char: '8', hint: ['B'] });
  assert.deepEqual(checkSetupKey('JBSW=Y3DP'), { ok: false, error: 'padding', position: 6, char: 'Y' });
  assert.deepEqual(checkSetupKey('JBSWY3DPE'), { ok: false, error: 'length' });
  assert.deepEqual(checkSetupKey('JBSWY3DP'), { ok: false, error: 'short' });
  assert.deepEqual(checkSetupKey('JBSWY3DPEHPK3PX'), { ok: false, error: 'short' }, '15 characters = 72 bits');
  assert.deepEqual(checkSetupKey('JBSWY3DPEHPK3PXPA'), { ok: false, error: 'length' }, '17 characters');
});

// Issue 12: what the Japanese IME types is what the person meant.
test('issue 12: full-width setup keys and the ideographic space are accepted', () => {
  assert.deepEqual(checkSetupKey('ＧＥＺＤ　ＧＮＢＶ　ＧＹ３Ｔ　ＱＯＪＱ'), { ok: true });
  assert.deepEqual(checkSetupKey('ｊｂｓｗ　ｙ３ｄｐ　ｅｈｐｋ　３ｐｘｐ'), { ok: true });
  assert.deepEqual(checkSetupKey('JBSWーY3DPーEHPKー3PXP'), { ok: true }, 'the IME dash is a hyphen');
  assert.equal(normalizeKey('ＪＢＳＷ　Ｙ３ＤＰ'), 'JBSW Y3DP');
  // Positions count letters: the 8th letter however the groups are spaced.
  assert.deepEqual(checkSetupKey('ＧＥＺＤ　ＧＮＢ１'), { ok: false, error: 'char', position: 8, char: '1', hint: ['I', 'L'] });
  assert.deepEqual(checkSetupKey('G E Z D G N B 0'), { ok: false, error: 'char', position: 8, char: '0', hint: ['O'] });
});

test('issue 12: numbers typed in full width are read', () => {
  assert.equal(normalizeNumber('３０'), 30);
  assert.equal(normalizeNumber(' 60 '), 60);
  assert.equal(normalizeNumber('30秒'), null);
  assert.equal(normalizeNumber(''), null);
  assert.equal(normalizeNumber('-5'), null);
});

test('issue 12: search takes full-width letters and the ideographic space', () => {
  const accounts = [{ issuer: 'Pep Up', account: 'taro@example.jp' }, { issuer: 'GitHub', account: 'taro' }];
  assert.deepEqual(filter(accounts, 'ｐｅｐ　ｔａｒｏ').map((a) => a.issuer), ['Pep Up']);
  assert.deepEqual(filter(accounts, 'ＧＩＴ').map((a) => a.issuer), ['GitHub']);
});

test('password strength rises with length and variety', () => {
  assert.equal(strength(''), 0);
  assert.equal(strength('password123'), 0);
  assert.equal(strength('aaaaaaaaaaaaaaaa'), 0);
  assert.equal(strength('abcdefgh'), 1);
  assert.ok(strength('correct horse battery staple') >= 3);
  assert.ok(strength('Tr0ub4dour&3xyz') >= 3);
  assert.ok(strength('おまもりのパスワード') >= 3, 'Japanese counts');
  assert.ok(strength('Tr0ub4dour&3xyz') > strength('troubadour'));
});

test('i18n lookup fills placeholders and falls back to the key', () => {
  const dict = { a: { b: 'Hello {name}, {n} left {missing}' }, c: 'x' };
  assert.equal(lookup(dict, 'a.b', { name: 'Taro', n: 3 }), 'Hello Taro, 3 left {missing}');
  assert.equal(lookup(dict, 'c'), 'x');
  assert.equal(lookup(dict, 'a'), 'a');
  assert.equal(lookup(dict, 'a.b.c'), 'a.b.c');
  assert.equal(lookup(dict, 'nope.nope'), 'nope.nope');
});

test('language: the setting, else the OS list, else English', () => {
  assert.equal(pickLanguage('ja', ['en-US']), 'ja');
  assert.equal(pickLanguage('en', ['ja-JP']), 'en');
  assert.equal(pickLanguage('os', ['ja-JP', 'en-US']), 'ja');
  assert.equal(pickLanguage('os', ['fr-FR', 'en-GB']), 'en');
  assert.equal(pickLanguage('os', ['fr-FR']), 'en');
  assert.equal(pickLanguage('os', []), 'en');
});

test('export formats: encrypted ones ask a file password, plain ones an acknowledgement', async () => {
  const { exportNeeds } = await import('../../ui/js/transfer.js');
  assert.deepEqual(exportNeeds('backup'), { filePassword: true, acknowledge: false });
  assert.deepEqual(exportNeeds('aegis'), { filePassword: true, acknowledge: false });
  assert.deepEqual(exportNeeds('google'), { filePassword: false, acknowledge: false });
  assert.deepEqual(exportNeeds('uri'), { filePassword: false, acknowledge: true });
  assert.deepEqual(exportNeeds('html'), { filePassword: false, acknowledge: true });
});

test('import and backup summaries flag anything that did not verify', async () => {
  const { importSummary, backupSummary, unexportedText } = await import('../../ui/js/transfer.js');
  assert.equal(importSummary({ verified: 3, checked: 3, not_verified: [] }).allVerified, true);
  const flagged = importSummary({ verified: 2, checked: 3, not_verified: [{ label: 'x', reason: 'mismatch', fields: ['code'] }] });
  assert.deepEqual(flagged, { allVerified: false, flagged: 1 });
  assert.equal(backupSummary({ matching: 2, total: 2, missing: [], extra: [], different: [] }).ok, true);
  assert.equal(backupSummary({ matching: 2, total: 2, missing: [], extra: ['y'], different: [] }).ok, false);
  assert.equal(backupSummary({ matching: 1, total: 2, missing: ['x'], extra: [], different: [] }).ok, false);
  const t = (key, vars) => `${key}:${vars.value}`;
  assert.equal(unexportedText(t, { reason: 'period', value: 60 }), 'transfer.unexported.period:60');
});

test('issue 12: Japanese text is cut into phrases, never inside a word', async () => {
  const { phrases } = await import('../../ui/js/dom.js');
  assert.deepEqual(phrases('Pep Up の設定画面の「認証コード」欄に入力してください。'),
    ['Pep Up の', '設定画面の', '「認証コード」欄に', '入力してください。']);
  assert.deepEqual(phrases('QRコードを表示したまま押してください。Omamori は一瞬隠れます。'), ['QRコードを', '表示したまま', '押してください。', 'Omamori は', '一瞬隠れます。']);
  assert.deepEqual(phrases('はじめに、パスワードを決めてください'), ['はじめに、', 'パスワードを', '決めてください']);
  assert.deepEqual(phrases('Ctrl+V でも貼り付けられます。'), ['Ctrl+V でも', '貼り付けられます。'], 'okurigana of a compound stays');
  assert.deepEqual(phrases('設定画面に表示された'), ['設定画面に', '表示された'], 'a particle ends a phrase');
  assert.deepEqual(phrases('Copy the code'), ['Copy the code'], 'English is left to the browser');
  for (const s of ['入力してください。', 'QRコード', 'コピーしました', '「認証コード」欄に', '取り消す']) assert.deepEqual(phrases(s), [s]);
});

test('issue 12: import reports in the reader\'s words, zero counts left out', async () => {
  const { formatName, fieldNames, rejectedReason, importCountsText } = await import('../../ui/js/report.js');
  const { lookup } = await import('../../ui/js/i18n.js');
  const { readFileSync } = await import('node:fs');
  const ja = JSON.parse(readFileSync(new URL('../../ui/i18n/ja.json', import.meta.url), 'utf8'));
  const t = (key, params) => lookup(ja, key, params);
  assert.equal(formatName(t, 'otpauth URI list'), 'otpauth 形式のテキストファイル');
  assert.equal(formatName(t, 'Aegis'), 'Aegis', 'product names stay');
  assert.equal(importCountsText(t, { format: 'Omamori backup', added: 2, duplicates: 1, rejected: 0 }),
    'Omamori のバックアップ：2 件を追加、1 件は追加済みのため追加せず。');
  assert.equal(importCountsText(t, { format: 'Aegis', added: 3, duplicates: 0, rejected: 0 }), 'Aegis：3 件を追加。');
  assert.equal(importCountsText(t, { format: 'Aegis', added: 0, duplicates: 0, rejected: 0 }), 'Aegis：追加したアカウントはありません。');
  assert.equal(fieldNames(t, ['code', 'period']), '認証コード、更新間隔');
  assert.equal(rejectedReason(t, 'the algorithm "MD5" is not supported (SHA1, SHA256 and SHA512 are)'), 'このアルゴリズムには対応していません');
  assert.equal(rejectedReason(t, 'something new'), '内容が正しくありません');
});

test('issue 12: every format name with a common word is translated', async () => {
  const { TRANSLATED_FORMATS } = await import('../../ui/js/report.js');
  const { readFileSync, readdirSync } = await import('node:fs');
  const dir = new URL('../../crates/transfer/src/formats/', import.meta.url);
  const names = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rs'))) {
    const m = /Declaration::new\(\s*Format::\w+,\s*"[^"]*",\s*"([^"]+)"/.exec(readFileSync(new URL(file, dir), 'utf8'));
    if (m) names.push(m[1]);
  }
  assert.ok(names.length > 10, `found the declarations: ${names}`);
  const common = /\b(backup|list|transfer|database|export|file)\b/i;
  for (const name of names.filter((n) => common.test(n))) {
    assert.ok(TRANSLATED_FORMATS.includes(name), `"${name}" reaches a Japanese report untranslated (ui/js/report.js)`);
  }
});
