// "Add account": scan the screen, open an image, paste (Ctrl+V) or drop an
// image, or type a setup key. Whatever was found is listed (a Google
// Authenticator transfer holds several accounts); after adding, the new
// account's current code is shown at once for the portal's 認証コード field.

import { h, field, clear } from '../dom.js';
import { t } from '../i18n.js';
import { groupCode, accountLabel } from '../format.js';
import { checkSetupKey } from '../setupkey.js';
import { displaySeconds } from '../countdown.js';
import { openDialog, closeDialog, setDialogTitle, dialogOpen } from '../dialog.js';

let current = null;

/** Opens the add dialog (or shows `found` in it, for a dropped image). */
export function showAdd(app, found) {
  const body = h('div', { class: 'add' });
  current = { app, body };
  openDialog(t('add.title'), body, {
    onClosed: () => {
      current = null;
      if (app.codesView) app.codesView.refresh();
    },
  });
  if (found) showFound(found); else showChoices();
}

/** Handles an image dropped on the window (result from the backend). */
export function dropped(app, result) {
  if (result && result.Err) {
    if (!current) showAdd(app);
    showError(result.Err);
  } else if (result && result.Ok) {
    if (current) showFound(result.Ok); else showAdd(app, result.Ok);
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

function choice(id, titleKey, hintKey, action) {
  return h('button', { type: 'button', class: 'choice', id, on: { click: action } },
    h('span', { class: 'choice-title', text: t(titleKey) }),
    h('span', { class: 'choice-hint', text: t(hintKey) }));
}

function showChoices() {
  const { app, body } = current;
  setDialogTitle(t('add.title'));
  clear(body);
  body.append(
    h('p', { text: t('add.intro') }),
    h('div', { class: 'choices' },
      choice('add-scan-screen', 'add.scanScreen', 'add.scanScreenHint', () => runScan(() => app.api.scanScreen())),
      choice('add-open-image', 'add.openImage', 'add.openImageHint', () => runScan(() => app.api.openImage(t('add.openImageTitle'), t('add.imageFilter')))),
      choice('add-paste', 'add.paste', 'add.pasteHint', () => runScan(() => app.api.scanClipboard())),
      choice('add-manual', 'add.manual', 'add.manualHint', showManual)),
    h('p', { class: 'add-status', attrs: { role: 'status', 'aria-live': 'polite' } }),
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
    if (found) showFound(found); else el.textContent = '';
  } catch (e) {
    if (current) showError(e);
  } finally {
    if (current) for (const b of current.body.querySelectorAll('.choice')) b.disabled = false;
  }
}

function showFound(found) {
  const { app, body } = current;
  clear(body);
  const title = found.batch ? t('add.foundBatch', { index: found.batch[0], total: found.batch[1] }) : t('add.found');
  setDialogTitle(title);
  const items = found.accounts.map((a) => {
    const box = h('input', { type: 'checkbox', checked: !a.duplicate, disabled: a.duplicate, id: `found-${a.index}`, value: String(a.index) });
    return h('li', { class: 'found' }, box,
      h('label', { attrs: { for: `found-${a.index}` } },
        h('span', { class: 'issuer', text: a.issuer || a.account }),
        a.issuer && a.account ? h('span', { class: 'name', text: a.account }) : null,
        a.duplicate ? h('span', { class: 'badge', text: t('add.alreadyAdded') }) : null));
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
          showAdded(await app.api.addFound(found.token, indices));
        } catch (e) {
          addButton.disabled = false;
          showError(e);
        }
      },
    },
  });
  body.append(
    h('ul', { class: 'found-list' }, items),
    found.ignored ? h('p', { class: 'hint', text: t('add.ignored', { count: found.ignored }) }) : null,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.back'), on: { click: showChoices } }),
      addButton));
  if (found.accounts.every((a) => a.duplicate)) {
    addButton.disabled = true;
    showError({ kind: 'duplicate' });
  }
  addButton.focus();
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
  const period = h('input', { type: 'number', id: 'manual-period', min: 1, max: 3600, value: 30 });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'manual-submit', text: t('manual.submit') });
  const error = h('p', { class: 'add-status', attrs: { role: 'status', 'aria-live': 'polite' } });

  const validate = () => {
    const verdict = checkSetupKey(key.value);
    key.setAttribute('aria-invalid', String(!verdict.ok && key.value.trim() !== ''));
    keyStatus.classList.toggle('error', !verdict.ok);
    if (key.value.trim() === '') keyStatus.textContent = '';
    else keyStatus.textContent = verdict.ok ? t('manual.valid') : t(`manual.error.${verdict.error}`, { position: verdict.position, char: verdict.char });
    return verdict.ok;
  };
  key.addEventListener('input', validate);

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
      h('button', { type: 'button', text: t('common.back'), on: { click: showChoices } }),
      submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!validate()) {
      if (!key.value.trim()) { keyStatus.textContent = t('manual.error.empty'); keyStatus.classList.add('error'); }
      key.focus();
      return;
    }
    submit.disabled = true;
    try {
      const added = await app.api.addManual({
        issuer: issuer.value, account: name.value, key: key.value,
        kind: kind.value, algorithm: algorithm.value, digits: Number(digits.value), period: Number(period.value),
      });
      key.value = '';
      showAdded([added]);
    } catch (err) {
      submit.disabled = false;
      error.textContent = app.errorText(err);
      error.classList.add('error');
    }
  });
  body.append(form);
  issuer.focus();
}

function showAdded(accounts) {
  const { app, body } = current;
  clear(body);
  setDialogTitle(t('add.added'));
  const rows = accounts.map((a) => {
    const code = h('output', { class: 'code big', data: { id: a.id }, text: groupCode(a.code) });
    const seconds = h('span', { class: 'seconds' });
    const row = h('li', { class: 'added', data: { id: a.id } },
      h('span', { class: 'issuer', text: accountLabel(a.issuer, a.account) }),
      code, seconds,
      h('button', {
        type: 'button', class: 'copy', text: t('codes.copy'),
        attrs: { 'aria-label': t('codes.copyLabel', { label: accountLabel(a.issuer, a.account) }) },
        on: {
          click: async () => {
            try {
              await app.api.copyCode(a.id);
              app.toast(t('codes.copied'));
            } catch (e) { app.toast(app.errorText(e)); }
          },
        },
      }));
    return { a, code, seconds, row };
  });
  const done = h('button', { type: 'button', class: 'primary', id: 'add-done', text: t('common.done'), on: { click: closeDialog } });
  body.append(
    h('p', { text: t('add.addedHint') }),
    h('ul', { class: 'added-list' }, rows.map((r) => r.row)),
    h('div', { class: 'actions' }, done));
  // Keep the shown codes current while the person types one into the portal.
  const tick = async () => {
    if (!current || current.body !== body || !body.isConnected) return;
    const now = Date.now() / 1000;
    let stale = false;
    for (const r of rows) {
      if (r.a.valid_until == null) continue;
      const s = displaySeconds(r.a.valid_until, now);
      r.seconds.textContent = t('codes.secondsLeft', { seconds: s });
      if (s <= 0) stale = true;
    }
    if (stale) {
      try {
        const fresh = await app.api.codes();
        for (const r of rows) {
          const a = fresh.accounts.find((x) => x.id === r.a.id);
          if (a) { r.a = a; r.code.textContent = groupCode(a.code); }
        }
      } catch { /* locked meanwhile: the lock handler takes over */ }
    }
    setTimeout(tick, 500);
  };
  tick();
  done.focus();
}
