// バックアップ・移行 / Backup & move: export (Omamori backup by default,
// Google Authenticator transfer codes shown one after another, Aegis,
// plain otpauth list or printable page after an explicit confirmation),
// "check this backup", and import with its report and verification.
// Every export asks the vault password again; paths are chosen in native
// dialogs by the backend, never here. Transfer QR images are secrets: they
// live only inside the dialog and are dropped when it closes (the page
// reloads on lock, which drops them too).

import { h, field, clear } from '../dom.js';
import { t } from '../i18n.js';
import { openDialog, closeDialog } from '../dialog.js';
import { exportNeeds, importSummary, backupSummary, unexportedText } from '../transfer.js';
import { formatName, fieldNames, rejectedReason, importCountsText } from '../report.js';

const FORMATS = ['backup', 'google', 'aegis', 'uri', 'html'];

/** `el.append` without the absent parts (which would print "null"). */
function append(el, ...children) {
  el.append(...children.filter((c) => c !== null && c !== undefined));
}

function passwordInput(id, autocomplete) {
  return h('input', { type: 'password', id, autocomplete });
}

function wrongOr(app, err) {
  return err && err.kind === 'wrong_password' ? t('unlock.wrong') : app.errorText(err);
}

function unexportedList(list) {
  if (!list.length) return null;
  return h('div', { class: 'unexported' },
    h('p', { class: 'warning', text: t('transfer.unexportedTitle', { count: list.length }) }),
    h('ul', {}, list.map((u) => h('li', { text: `${u.label}: ${unexportedText(t, u)}` }))));
}

function exportDialog(app, format) {
  const needs = exportNeeds(format);
  const vault = passwordInput('export-password', 'current-password');
  const filePassword = needs.filePassword ? passwordInput('export-file-password', 'new-password') : null;
  const fileConfirm = needs.filePassword ? passwordInput('export-file-confirm', 'new-password') : null;
  const ack = needs.acknowledge ? h('input', { type: 'checkbox', id: 'export-ack' }) : null;
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'export-submit', text: t('transfer.exportSubmit') });
  const form = h('form', {},
    h('p', { text: t(`transfer.format.${format}.explain`) }),
    needs.acknowledge ? h('p', { class: 'warning', text: t('transfer.plainWarning') }) : null,
    field(t('transfer.vaultPassword'), vault).field,
    filePassword ? field(t('transfer.filePassword'), filePassword, t('transfer.filePasswordHint')).field : null,
    fileConfirm ? field(t('transfer.filePasswordAgain'), fileConfirm).field : null,
    ack ? h('div', { class: 'check' }, ack, h('label', { attrs: { for: 'export-ack' }, text: t('transfer.plainAck') })) : null,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.cancel'), on: { click: closeDialog } }),
      submit));
  const body = h('div', {}, form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (needs.filePassword && (!filePassword.value || filePassword.value !== fileConfirm.value)) {
      error.textContent = t('firstrun.mismatch');
      return;
    }
    if (needs.acknowledge && !ack.checked) {
      error.textContent = t('error.not_confirmed');
      return;
    }
    submit.disabled = true;
    error.textContent = t('common.working');
    try {
      if (format === 'google') {
        const codes = await app.api.exportGoogle(vault.value);
        vault.value = '';
        showGoogleCodes(body, codes);
      } else {
        const done = await app.api.exportFile(format, vault.value, filePassword ? filePassword.value : '', fileConfirm ? fileConfirm.value : '', !!(ack && ack.checked), t('transfer.saveTitle'));
        if (!done) { error.textContent = ''; submit.disabled = false; return; }
        vault.value = '';
        if (filePassword) { filePassword.value = ''; fileConfirm.value = ''; }
        showExported(app, body, done);
      }
    } catch (err) {
      error.textContent = wrongOr(app, err);
      submit.disabled = false;
    }
  });
  openDialog(t('transfer.exportTitle', { format: t(`transfer.format.${format}.name`) }), body);
}

function showExported(app, body, done) {
  clear(body);
  const status = h('p', { id: 'export-done', attrs: { role: 'status' }, text: t('transfer.exported', { count: done.count, file: done.file_name }) });
  body.append(status);
  if (!done.checkable) {
    body.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', text: t('common.close'), on: { click: closeDialog } })));
    return;
  }
  const password = passwordInput('check-password', 'off');
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const result = h('div', { id: 'check-result', attrs: { 'aria-live': 'polite' } });
  const form = h('form', {},
    h('p', { text: t('transfer.checkExplain') }),
    field(t('transfer.backupPassword'), password).field,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.close'), on: { click: closeDialog } }),
      h('button', { type: 'submit', class: 'primary', id: 'check-submit', text: t('transfer.checkSubmit') })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = t('common.working');
    clear(result);
    try {
      const check = await app.api.checkBackup(password.value);
      password.value = '';
      error.textContent = '';
      const summary = backupSummary(check);
      result.append(h('p', { id: 'check-summary', class: summary.ok ? 'ok' : 'warning', text: t(summary.ok ? 'transfer.checkOk' : 'transfer.checkDiffers', { matching: check.matching, total: check.total }) }));
      const items = [
        ...check.missing.map((l) => t('transfer.checkMissing', { label: l })),
        ...check.extra.map((l) => t('transfer.checkExtra', { label: l })),
        ...check.different.map((d) => t('transfer.checkDifferent', { label: d.label, fields: fieldNames(t, d.fields) })),
      ];
      if (items.length) result.append(h('ul', {}, items.map((text) => h('li', { text }))));
    } catch (err) {
      error.textContent = wrongOr(app, err);
    }
  });
  body.append(form, result);
  password.focus();
}

function showGoogleCodes(body, codes) {
  clear(body);
  let index = 0;
  const img = h('img', { id: 'google-code', class: 'transfer-qr', alt: '' });
  const counter = h('p', { id: 'google-counter', class: 'counter', attrs: { 'aria-live': 'polite' } });
  const prev = h('button', { type: 'button', id: 'google-prev', text: t('transfer.previous') });
  const next = h('button', { type: 'button', id: 'google-next', class: 'primary', text: t('transfer.next') });
  const show = () => {
    img.src = codes.images[index];
    img.alt = t('transfer.codeAlt', { n: index + 1, total: codes.images.length });
    counter.textContent = `${index + 1}/${codes.images.length}`;
    prev.disabled = index === 0;
    next.disabled = index === codes.images.length - 1;
  };
  prev.addEventListener('click', () => { if (index > 0) { index -= 1; show(); } });
  next.addEventListener('click', () => { if (index < codes.images.length - 1) { index += 1; show(); } });
  // The code as large as the window allows, with the pager right under
  // it, so the whole dialog fits without scrolling while a phone reads it.
  append(body,
    h('p', { class: 'hint', text: t('transfer.googleSteps', { count: codes.count }) }),
    img,
    h('div', { class: 'pager' }, prev, counter, next,
      h('button', { type: 'button', id: 'google-done', text: t('common.close'), on: { click: closeDialog } })),
    h('p', { class: 'warning small', text: t('transfer.googleWarning') }),
    unexportedList(codes.unsupported));
  show();
  next.focus();
  // The images go with the dialog: nothing of them stays in the page.
  const dialog = document.getElementById('dialog');
  dialog.addEventListener('close', () => { img.removeAttribute('src'); codes.images.length = 0; }, { once: true });
}

function importDialog(app) {
  const vault = passwordInput('import-password', 'current-password');
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'import-choose', text: t('transfer.importChoose') });
  const form = h('form', {},
    h('p', { text: t('transfer.importExplain') }),
    field(t('transfer.vaultPassword'), vault, t('transfer.importPasswordHint')).field,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.cancel'), on: { click: closeDialog } }),
      submit));
  const body = h('div', {}, form);
  const handle = (step) => {
    vault.value = '';
    if (step.step === 'needs_password') askFilePassword(app, body, step.format);
    else showImported(body, step);
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = t('common.working');
    submit.disabled = true;
    try {
      const step = await app.api.importFile(vault.value, t('transfer.openTitle'));
      error.textContent = '';
      submit.disabled = false;
      if (step) handle(step);
    } catch (err) {
      error.textContent = wrongOr(app, err);
      submit.disabled = false;
    }
  });
  openDialog(t('transfer.importTitle'), body, { onClosed: () => { app.api.importCancel().catch(() => {}); app.showTransfer(); } });
}

function askFilePassword(app, body, format) {
  clear(body);
  const password = passwordInput('import-file-password', 'off');
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const form = h('form', {},
    h('p', { text: t('transfer.importEncrypted', { format: formatName(t, format) }) }),
    field(t('transfer.filePassword'), password).field,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.cancel'), on: { click: closeDialog } }),
      h('button', { type: 'submit', class: 'primary', id: 'import-file-submit', text: t('transfer.importSubmit') })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = t('common.working');
    try {
      const step = await app.api.importPassword(password.value);
      password.value = '';
      if (step.step === 'done') showImported(body, step);
    } catch (err) {
      error.textContent = wrongOr(app, err);
      password.select();
    }
  });
  body.append(form);
  password.focus();
}

function showImported(body, report) {
  clear(body);
  const summary = importSummary(report);
  const lines = report.entries.map((e) => h('li', { class: e.outcome, text: t(`transfer.line.${e.outcome}`, { label: e.label, reason: e.outcome === 'rejected' ? rejectedReason(t, e.reason) : '' }) }));
  const flagged = report.not_verified.map((n) => h('li', { class: 'warning', text: t(`transfer.notVerified.${n.reason}`, { label: n.label, fields: fieldNames(t, n.fields) }) }));
  const close = h('button', { type: 'button', class: 'primary', id: 'import-close', text: t('common.close'), on: { click: closeDialog } });
  append(body,
    h('p', { id: 'import-summary', attrs: { role: 'status' }, text: importCountsText(t, report) }),
    h('p', { id: 'import-verified', class: summary.allVerified ? 'ok' : 'warning', text: t(summary.allVerified ? 'transfer.verifiedAll' : 'transfer.verifiedSome', { verified: report.verified, total: report.checked }) }),
    flagged.length ? h('ul', { class: 'not-verified' }, flagged) : null,
    lines.length ? h('ul', { class: 'import-lines' }, lines) : null,
    h('div', { class: 'actions' }, close));
  close.focus();
}

export function showTransfer(app) {
  const back = h('button', { id: 'transfer-back', class: 'back', text: `← ${t('common.back')}`, on: { click: () => app.showSettings() } });
  const choice = h('fieldset', { class: 'formats' },
    h('legend', { text: t('transfer.chooseFormat') }),
    FORMATS.map((f) => {
      const id = `export-format-${f}`;
      return h('div', { class: 'check' },
        h('input', { type: 'radio', name: 'export-format', id, value: f, checked: f === 'backup' }),
        h('label', { attrs: { for: id } }, h('strong', { text: t(`transfer.format.${f}.name`) }), ' ', h('span', { class: 'hint', text: t(`transfer.format.${f}.short`) })));
    }));
  const exportButton = h('button', {
    id: 'export-start', class: 'primary', text: t('transfer.exportStart'),
    on: { click: () => exportDialog(app, choice.querySelector('input:checked').value) },
  });
  const view = h('div', { class: 'page' },
    h('header', { class: 'bar' }, back, h('h1', { text: t('transfer.title') })),
    h('main', { class: 'settings' },
      h('section', { attrs: { 'aria-labelledby': 'transfer-export' } },
        h('h2', { id: 'transfer-export', text: t('transfer.exportHeading') }),
        h('p', { class: 'hint', text: t('transfer.exportHint') }),
        choice,
        h('div', { class: 'actions' }, exportButton)),
      h('section', { attrs: { 'aria-labelledby': 'transfer-import' } },
        h('h2', { id: 'transfer-import', text: t('transfer.importHeading') }),
        h('p', { class: 'hint', text: t('transfer.importHint') }),
        h('button', { id: 'import-start', text: t('transfer.importStart'), on: { click: () => importDialog(app) } }))));
  view.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !document.getElementById('dialog').open) app.showSettings(); });
  app.mount(view);
  back.focus();
}
