// One account's actions: rename, move up/down, show the setup key (after
// the password again) and delete (after a confirmation naming it).

import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import { accountLabel, groupKey } from '../format.js';
import { openDialog, closeDialog } from '../dialog.js';

let openMenu = null;

function closeMenu(returnFocus) {
  if (!openMenu) return;
  const { menu, anchor } = openMenu;
  openMenu = null;
  menu.remove();
  if (returnFocus) anchor.focus();
}

/** Shows the action menu of `account` below `anchor`. */
export function accountMenu(app, account, anchor, { index, count, refresh }) {
  closeMenu(false);
  const item = (key, action, disabled) => h('button', {
    class: 'menu-item', attrs: { role: 'menuitem' }, text: t(key), disabled,
    data: { action: key },
    on: { click: (e) => { e.stopPropagation(); closeMenu(false); action(); } },
  });
  const menu = h('div', { class: 'menu', attrs: { role: 'menu', 'aria-label': t('codes.moreLabel', { label: accountLabel(account.issuer, account.account) }) } },
    item('menu.edit', () => editDialog(app, account, refresh)),
    item('menu.moveUp', () => moveAccount(app, account.id, -1, refresh), index <= 0),
    item('menu.moveDown', () => moveAccount(app, account.id, 1, refresh), index >= count - 1),
    item('menu.showKey', () => revealDialog(app, account)),
    item('menu.delete', () => deleteDialog(app, account, refresh)),
  );
  menu.addEventListener('keydown', (e) => {
    const items = [...menu.querySelectorAll('button:not([disabled])')];
    const i = items.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); } else if (e.key === 'ArrowUp') {
      e.preventDefault(); items[(i - 1 + items.length) % items.length].focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') { e.preventDefault(); closeMenu(true); }
    e.stopPropagation();
  });
  anchor.closest('li').append(menu);
  openMenu = { menu, anchor };
  menu.querySelector('button:not([disabled])').focus();
  const outside = (e) => {
    if (!menu.contains(e.target)) { closeMenu(false); document.removeEventListener('pointerdown', outside, true); }
  };
  document.addEventListener('pointerdown', outside, true);
}

async function moveAccount(app, id, delta, refresh) {
  try {
    await app.api.moveAccount(id, delta);
    await refresh();
    const row = document.querySelector(`li[data-id="${id}"]`);
    if (row) row.focus();
  } catch (e) {
    app.toast(app.errorText(e));
  }
}

function editDialog(app, account, refresh) {
  const issuer = h('input', { type: 'text', value: account.issuer, id: 'edit-issuer' });
  const name = h('input', { type: 'text', value: account.account, id: 'edit-account' });
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const form = h('form', {},
    field(t('edit.issuer'), issuer).field,
    field(t('edit.account'), name).field,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.cancel'), on: { click: closeDialog } }),
      h('button', { type: 'submit', class: 'primary', text: t('common.save') })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await app.api.editAccount(account.id, issuer.value, name.value);
      closeDialog();
      await refresh();
    } catch (err) {
      error.textContent = app.errorText(err);
    }
  });
  openDialog(t('edit.title'), form);
}

function deleteDialog(app, account, refresh) {
  const label = accountLabel(account.issuer, account.account);
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const cancel = h('button', { type: 'button', text: t('common.cancel'), autofocus: true, on: { click: closeDialog } });
  const remove = h('button', {
    type: 'button', class: 'danger', id: 'delete-confirm', text: t('delete.submit'),
    on: {
      click: async () => {
        try {
          await app.api.removeAccount(account.id);
          closeDialog();
          await refresh();
        } catch (err) {
          error.textContent = app.errorText(err);
        }
      },
    },
  });
  const body = h('div', {},
    h('p', { class: 'confirm', id: 'delete-question', text: t('delete.confirm', { label }) }),
    h('p', { text: t('delete.warning') }),
    error,
    h('div', { class: 'actions' }, cancel, remove));
  openDialog(t('delete.title'), body);
  cancel.focus();
}

function revealDialog(app, account) {
  const label = accountLabel(account.issuer, account.account);
  const password = h('input', { type: 'password', autocomplete: 'current-password', id: 'reveal-password' });
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const form = h('form', {},
    h('p', { text: t('reveal.prompt', { label }) }),
    field(t('common.password'), password).field,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: t('common.cancel'), on: { click: closeDialog } }),
      h('button', { type: 'submit', class: 'primary', text: t('reveal.submit') })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const key = await app.api.revealSetupKey(account.id, password.value);
      password.value = '';
      const shown = h('output', { class: 'setup-key', id: 'revealed-key', text: groupKey(key), attrs: { 'aria-label': t('reveal.key') } });
      form.replaceWith(h('div', {},
        h('p', { class: 'warning', text: t('reveal.warning') }),
        shown,
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', text: t('common.close'), on: { click: closeDialog } }))));
    } catch (err) {
      error.textContent = err && err.kind === 'wrong_password' ? t('unlock.wrong') : app.errorText(err);
      password.select();
    }
  });
  openDialog(t('reveal.title'), form);
}
