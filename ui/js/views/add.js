// "Add account": scan the screen, open an image, paste (Ctrl+V) or drop an
// image, or type a setup key.
//
// Enrollment is three actions from the code list: 追加 → 画面から読み取る →
// コピー (focused, so Enter does it). One new account found is added at once
// and shown with 取り消す (undo) instead of a confirmation; several (a Google
// Authenticator transfer) are listed to choose from. The same account scanned
// again is not added twice: its code is shown. An account with the same
// issuer and name but a new key (a portal that re-issued its QR code) asks
// 「置き換えますか？」; the old one goes to the trash.

import { h, field, clear } from '../dom.js';
import { t } from '../i18n.js';
import { groupCode, spokenCode, accountLabel } from '../format.js';
import { checkSetupKey, normalizeKey, normalizeNumber } from '../setupkey.js';
import { displaySeconds, showNext } from '../countdown.js';
import { copyCode } from '../copy.js';
import { openDialog, closeDialog, setDialogTitle, dialogOpen } from '../dialog.js';

let current = null;

/** Opens the add dialog (or handles `found`, for a dropped image). */
export function showAdd(app, found) {
  const body = h('div', { class: 'add' });
  current = { app, body };
  openDialog(t('add.title'), body, {
    onClosed: () => {
      current = null;
      if (app.codesView) app.codesView.refresh();
    },
  });
  showChoices();
  if (found) handleFound(found);
}

/** Handles an image dropped on the window (result from the backend). */
export function dropped(app, result) {
  if (result && result.Err) {
    if (!current) showAdd(app);
    showError(result.Err);
  } else if (result && result.Ok) {
    if (current) handleFound(result.Ok); else showAdd(app, result.Ok);
  }
}

/** Ctrl+V while the dialog's choices are up: scan the clipboard. */
export function pasteShortcut(event) {
  if (!current || !dialogOpen()) return false;
  const target = event.target;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return false;
  runScan(() => current.app.api.scanClipboard());
  return true;
}

/** Appends the parts that exist (Element.append would write "null"). */
function put(parent, ...parts) {
  parent.append(...parts.filter((p) => p !== null && p !== undefined));
}

function status() {
  return current.body.querySelector('.add-status');
}

function showError(error) {
  const el = status();
  if (el) {
    el.textContent = current.app.errorText(error);
    el.classList.add('error');
  }
}

/** Whether this dialog is still showing `body` (the person may have closed
 * it or moved on while a request ran). */
function still(body) {
  return current && current.body === body && body.isConnected;
}

function choice(id, titleKey, hintKey, action) {
  return h('button', { type: 'button', class: 'choice', id, on: { click: action } },
    h('span', { class: 'choice-title', text: t(titleKey) }),
    h('span', { class: 'choice-hint', text: t(hintKey) }));
}

function showChoices(note) {
  const { app, body } = current;
  setDialogTitle(t('add.title'));
  clear(body);
  const statusLine = h('p', { class: 'add-status', attrs: { role: 'status', 'aria-live': 'polite' }, text: note || '' });
  put(body,
    h('p', { text: t('add.intro') }),
    h('div', { class: 'choices' },
      choice('add-scan-screen', 'add.scanScreen', 'add.scanScreenHint', () => runScan(() => app.api.scanScreen())),
      choice('add-open-image', 'add.openImage', 'add.openImageHint', () => runScan(() => app.api.openImage(t('add.openImageTitle'), t('add.imageFilter')))),
      choice('add-paste', 'add.paste', 'add.pasteHint', () => runScan(() => app.api.scanClipboard())),
      choice('add-manual', 'add.manual', 'add.manualHint', showManual)),
    statusLine,
    h('div', { class: 'actions' }, h('button', { type: 'button', text: t('common.cancel'), on: { click: closeDialog } })));
  body.querySelector('#add-scan-screen').focus();
}

async function runScan(scan) {
  const el = status();
  if (!el) return;
  el.classList.remove('error');
  el.textContent = t('add.scanning');
  for (const b of current.body.querySelectorAll('.choice')) b.disabled = true;
  try {
    const found = await scan();
    if (!current) return;
    if (found) await handleFound(found); else el.textContent = '';
  } catch (e) {
    if (current) showError(e);
  } finally {
    if (current) for (const b of current.body.querySelectorAll('.choice')) b.disabled = false;
  }
}

/** The account already stored under the same issuer and account name. */
function sameName(existing, issuer, account) {
  return existing.find((e) => e.issuer === issuer.trim() && e.account === account.trim()) || null;
}

async function existingAccounts() {
  const codes = await current.app.api.codes();
  return codes.accounts;
}

/**
 * What a scan found: one new account is added at once (with undo), one
 * already there shows its code, one with a new key for a stored name asks
 * to replace it; several are listed to choose from.
 */
async function handleFound(found) {
  const { app, body } = current;
  let existing;
  try {
    existing = await existingAccounts();
  } catch (e) {
    if (still(body)) showError(e);
    return;
  }
  if (!still(body)) return;
  const items = found.accounts.map((a) => ({
    ...a,
    stored: sameName(existing, a.issuer, a.account),
  }));
  if (items.length !== 1) {
    showFound(found, items);
    return;
  }
  const [item] = items;
  if (item.duplicate) {
    showAlready(item.stored);
  } else if (item.stored) {
    askReplace(item.stored, () => app.api.addFound(found.token, [item.index]));
  } else {
    try {
      const added = await app.api.addFound(found.token, [item.index]);
      if (still(body)) showAdded(added, { undo: true });
    } catch (e) {
      if (still(body)) showError(e);
    }
  }
}

function showFound(found, items) {
  const { app, body } = current;
  clear(body);
  const title = found.batch ? t('add.foundBatch', { index: found.batch[0], total: found.batch[1] }) : t('add.found');
  setDialogTitle(title);
  const rows = items.map((a) => {
    const box = h('input', { type: 'checkbox', checked: !a.duplicate, disabled: a.duplicate, id: `found-${a.index}`, value: String(a.index) });
    let badge = null;
    if (a.duplicate) badge = h('span', { class: 'badge', text: t('add.alreadyAdded') });
    else if (a.stored) badge = h('span', { class: 'badge', text: t('add.sameNameBadge') });
    return h('li', { class: 'found' }, box,
      h('label', { attrs: { for: `found-${a.index}` } },
        h('span', { class: 'issuer', text: a.issuer || a.account }),
        a.issuer && a.account ? h('span', { class: 'name', text: a.account }) : null,
        badge));
  });
  const error = h('p', { class: 'add-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const addButton = h('button', {
    type: 'button', class: 'primary', id: 'add-found', text: t('add.addSelected'),
    on: {
      click: async () => {
        const indices = [...body.querySelectorAll('.found input:checked')].map((i) => Number(i.value));
        if (indices.length === 0) return;
        addButton.disabled = true;
        try {
          const added = await app.api.addFound(found.token, indices);
          if (still(body)) showAdded(added, { undo: added.length === 1 });
        } catch (e) {
          addButton.disabled = false;
          showError(e);
        }
      },
    },
  });
  put(body,
    h('ul', { class: 'found-list' }, rows),
    found.ignored ? h('p', { class: 'hint', text: t('add.ignored', { count: found.ignored }) }) : null,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.back'), on: { click: () => showChoices() } }),
      addButton));
  if (items.every((a) => a.duplicate)) {
    addButton.disabled = true;
    showError({ kind: 'duplicate' });
  }
  addButton.focus();
}

/** The same account (same key) again: nothing is added; its code is shown. */
function showAlready(stored) {
  if (!stored) {
    showError({ kind: 'duplicate' });
    return;
  }
  showAdded([stored], { title: t('add.alreadyTitle'), note: t('add.alreadyText', { label: accountLabel(stored.issuer, stored.account) }) });
}

/**
 * 「置き換えますか？」: `add` adds the new account; replacing then moves the
 * stored one to the trash, keeping both adds only.
 */
function askReplace(stored, add) {
  const { app, body } = current;
  clear(body);
  setDialogTitle(t('add.replaceTitle'));
  const label = accountLabel(stored.issuer, stored.account);
  const error = h('p', { class: 'add-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const buttons = [];
  const run = async (replace) => {
    for (const b of buttons) b.disabled = true;
    try {
      const added = await add();
      if (replace) await app.api.removeAccount(stored.id);
      if (!still(body)) return;
      if (replace) showAdded(added, { title: t('add.replaced'), note: t('add.replacedText', { label }) });
      else showAdded(added, { undo: added.length === 1 });
    } catch (e) {
      if (e && e.kind === 'duplicate' && still(body)) {
        showAlready(stored);
        return;
      }
      for (const b of buttons) b.disabled = false;
      if (still(body)) {
        error.textContent = app.errorText(e);
        error.classList.add('error');
      }
    }
  };
  const replace = h('button', { type: 'button', class: 'primary', id: 'add-replace', text: t('add.replaceSubmit'), on: { click: () => run(true) } });
  const keep = h('button', { type: 'button', id: 'add-keep-both', text: t('add.keepBoth'), on: { click: () => run(false) } });
  const cancel = h('button', { type: 'button', id: 'add-replace-cancel', text: t('common.cancel'), on: { click: () => showChoices() } });
  buttons.push(replace, keep, cancel);
  put(body,
    h('p', { class: 'confirm', id: 'replace-question', text: t('add.replaceQuestion', { label }) }),
    h('p', { text: t('add.replaceText') }),
    error,
    h('div', { class: 'actions' }, cancel, keep, replace));
  replace.focus();
}

function showManual() {
  const { app, body } = current;
  clear(body);
  setDialogTitle(t('manual.title'));
  const issuer = h('input', { type: 'text', id: 'manual-issuer', placeholder: t('manual.issuerPlaceholder'), autocomplete: 'off' });
  const name = h('input', { type: 'text', id: 'manual-account', placeholder: t('manual.accountPlaceholder'), autocomplete: 'off' });
  const key = h('input', { type: 'text', id: 'manual-key', autocomplete: 'off', spellcheck: false, attrs: { autocapitalize: 'characters', 'aria-invalid': 'false' } });
  const keyStatus = h('p', { class: 'key-status', id: 'manual-key-status', attrs: { 'aria-live': 'polite' } });
  key.setAttribute('aria-errormessage', keyStatus.id);
  const select = (id, options, value) => h('select', { id }, options.map(([v, label]) => h('option', { value: v, text: label, selected: v === value })));
  const kind = select('manual-kind', [['totp', t('manual.typeTotp')], ['hotp', t('manual.typeHotp')], ['steam', t('manual.typeSteam')]], 'totp');
  const algorithm = select('manual-algorithm', [['SHA1', 'SHA-1'], ['SHA256', 'SHA-256'], ['SHA512', 'SHA-512']], 'SHA1');
  const digits = select('manual-digits', [6, 7, 8, 9, 10].map((d) => [String(d), String(d)]), '6');
  // Text, not type=number: a number field drops the full-width digits the
  // Japanese IME types (３０); normalizeNumber reads them.
  const period = h('input', { type: 'text', id: 'manual-period', value: '30', autocomplete: 'off', attrs: { inputmode: 'numeric' } });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'manual-submit', text: t('manual.submit') });
  const error = h('p', { class: 'add-status', attrs: { role: 'status', 'aria-live': 'polite' } });

  const validate = () => {
    const verdict = checkSetupKey(key.value);
    key.setAttribute('aria-invalid', String(!verdict.ok && key.value.trim() !== ''));
    keyStatus.classList.toggle('error', !verdict.ok);
    if (key.value.trim() === '') keyStatus.textContent = '';
    else keyStatus.textContent = verdict.ok ? t('manual.valid') : keyErrorText(verdict);
    return verdict.ok;
  };
  // Not while the IME is composing: the text is not typed yet.
  key.addEventListener('input', (e) => { if (!e.isComposing) validate(); });
  key.addEventListener('compositionend', validate);

  const form = h('form', { class: 'manual' },
    field(t('manual.issuer'), issuer).field,
    field(t('manual.account'), name).field,
    field(t('manual.key'), key, t('manual.keyHint')).field,
    keyStatus,
    h('details', {},
      h('summary', { text: t('manual.advanced') }),
      h('div', { class: 'advanced' },
        field(t('manual.type'), kind).field,
        field(t('manual.algorithm'), algorithm).field,
        field(t('manual.digits'), digits).field,
        field(t('manual.period'), period).field)),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.back'), on: { click: () => showChoices() } }),
      submit));
  const fail = (err) => {
    submit.disabled = false;
    error.textContent = app.errorText(err);
    error.classList.add('error');
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!validate()) {
      if (!key.value.trim()) { keyStatus.textContent = t('manual.error.empty'); keyStatus.classList.add('error'); }
      key.focus();
      return;
    }
    const seconds = normalizeNumber(period.value);
    if (seconds === null) {
      fail({ kind: 'invalid_account' });
      period.focus();
      return;
    }
    submit.disabled = true;
    const request = {
      issuer: issuer.value.normalize('NFKC').trim(),
      account: name.value.normalize('NFKC').trim(),
      key: normalizeKey(key.value),
      kind: kind.value, algorithm: algorithm.value, digits: Number(digits.value), period: seconds,
    };
    const add = async () => [await app.api.addManual(request)];
    let existing;
    try {
      existing = await existingAccounts();
    } catch (err) {
      fail(err);
      return;
    }
    const stored = sameName(existing, request.issuer, request.account);
    if (stored) {
      // Asked before anything is added; the same key again turns out a
      // duplicate there and shows the stored account.
      key.value = '';
      askReplace(stored, add);
      return;
    }
    try {
      const added = await add();
      key.value = '';
      if (still(body)) showAdded(added, { undo: true });
    } catch (err) {
      fail(err);
    }
  });
  body.append(form);
  issuer.focus();
}

/** The message for a setup key the checker refused, with the position
 * counted in letters and a hint for look-alike characters. */
function keyErrorText(verdict) {
  if (verdict.error === 'char' && verdict.hint) {
    return t('manual.error.charHint', { position: verdict.position, char: verdict.char, suggest: verdict.hint.join(t('manual.or')) });
  }
  return t(`manual.error.${verdict.error || 'char'}`, { position: verdict.position, char: verdict.char });
}

/**
 * The added accounts with their codes. One account: its code large, the
 * time left, the next code in the last seconds, where to type it (naming
 * the issuer) and コピー as the focused, primary button; 取り消す when it
 * was added without asking.
 */
function showAdded(accounts, { title, note, undo } = {}) {
  const { app, body } = current;
  clear(body);
  setDialogTitle(title || t('add.added'));
  const one = accounts.length === 1;
  const rows = accounts.map((a) => {
    const code = h('span', { class: 'code big', data: { id: a.id }, attrs: { 'aria-hidden': 'true' } });
    const spoken = h('span', { class: 'visually-hidden' });
    const seconds = h('span', { class: 'seconds' });
    // One line under the code: the seconds left, or in the last seconds
    // 「あと数秒で変わります。次のコード …」. Always there, so nothing below it
    // (the コピー button) moves.
    const nextLine = h('p', { class: 'next-line' }, seconds);
    const label = accountLabel(a.issuer, a.account);
    const copy = h('button', {
      type: 'button', class: one ? 'copy primary' : 'copy', text: t('codes.copy'),
      attrs: { 'aria-label': t('codes.copyLabel', { label }) },
      on: { click: () => copyCode(app, a.id, copy) },
    });
    const row = h('li', { class: 'added', data: { id: a.id } },
      h('span', { class: 'issuer', text: label }),
      h('span', {}, code, spoken), nextLine,
      one ? h('p', { class: 'where', id: 'added-where', text: a.issuer ? t('add.where', { issuer: a.issuer }) : t('add.whereNoIssuer') }) : null,
      copy);
    return { a, code, spoken, seconds, nextLine, copy, row, shown: null };
  });
  const done = h('button', { type: 'button', id: 'add-done', text: t('common.done'), on: { click: closeDialog } });
  const undoButton = undo && one
    ? h('button', {
      type: 'button', class: 'undo', id: 'add-undo', text: t('add.undo'),
      on: {
        click: async () => {
          const a = rows[0].a;
          undoButton.disabled = true;
          try {
            await app.api.removeAccount(a.id);
            if (still(body)) showChoices(t('add.undone', { label: accountLabel(a.issuer, a.account) }));
          } catch (e) {
            undoButton.disabled = false;
            app.toast(app.errorText(e));
          }
        },
      },
    })
    : null;
  put(body,
    note ? h('p', { id: 'added-note', text: note }) : null,
    one ? null : h('p', { text: t('add.addedHint') }),
    h('ul', { class: one ? 'added-list added-one' : 'added-list' }, rows.map((r) => r.row)),
    h('div', { class: 'actions' }, undoButton, done));

  const paint = (r, now) => {
    const a = r.a;
    if (r.shown !== a.code) {
      r.shown = a.code;
      r.code.textContent = groupCode(a.code);
      r.spoken.textContent = t('add.codeSpoken', { code: spokenCode(a.code) });
    }
    if (a.valid_until == null) return false;
    const s = displaySeconds(a.valid_until, now);
    const left = t('codes.secondsLeft', { seconds: s });
    if (r.seconds.textContent !== left) r.seconds.textContent = left;
    const changing = Boolean(a.next_code && showNext(a.valid_until, now, a.period));
    if (changing && !r.row.classList.contains('changing')) {
      r.nextLine.replaceChildren(
        h('span', { text: t('add.changingSoon') }),
        h('span', { class: 'next-shown', attrs: { 'aria-hidden': 'true' } }, t('codes.nextLabel'), ' ', h('strong', { class: 'next-code', text: groupCode(a.next_code) })),
        h('span', { class: 'visually-hidden', text: t('add.nextSpoken', { code: spokenCode(a.next_code) }) }));
    } else if (!changing && r.nextLine.firstChild !== r.seconds) {
      r.nextLine.replaceChildren(r.seconds);
    }
    r.row.classList.toggle('changing', changing);
    return s <= 0;
  };
  // Keep the shown codes current while the person types one into the portal.
  const tick = async () => {
    if (!still(body)) return;
    const now = Date.now() / 1000;
    let stale = false;
    for (const r of rows) if (paint(r, now)) stale = true;
    if (stale) {
      try {
        const fresh = await app.api.codes();
        for (const r of rows) {
          const a = fresh.accounts.find((x) => x.id === r.a.id);
          if (a) r.a = a;
        }
      } catch { /* locked meanwhile: the lock handler takes over */ }
    }
    setTimeout(tick, 250);
  };
  tick();
  rows[0].copy.focus();
}
