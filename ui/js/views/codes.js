// The code list: issuer, account, the code in large grouped digits, a
// countdown per period and the next code in the last seconds. Click, Enter
// or the copy button copies (through the backend); typing searches; arrow
// keys move between accounts.

import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { groupCode, spokenCode, initial, accountLabel } from '../format.js';
import { displaySeconds, fractionLeft, showNext, expired, clockOffset } from '../countdown.js';
import { filter } from '../search.js';
import { showAdd } from './add.js';
import { accountMenu } from './account.js';
import { copyCode } from '../copy.js';

const TICK_MS = 250;

export function showCodes(app, data, { highlight } = {}) {
  let accounts = data.accounts;
  let offset = clockOffset(data.now, Date.now() / 1000);
  let refreshing = false;
  const rows = new Map();

  const now = () => Date.now() / 1000 + offset;

  const search = h('input', {
    type: 'search', id: 'search', autocomplete: 'off', spellcheck: false,
    placeholder: t('bar.searchPlaceholder'),
    attrs: { 'aria-label': t('bar.search'), 'aria-controls': 'account-list', 'aria-describedby': 'keyboard-hint' },
  });
  const addButton = h('button', { id: 'add-button', class: 'primary', text: t('bar.add'), on: { click: () => showAdd(app) } });
  const settingsButton = h('button', { id: 'settings-button', text: t('bar.settings'), on: { click: () => app.showSettings() } });
  const lockButton = h('button', { id: 'lock-button', text: t('bar.lock'), on: { click: () => app.api.lock() } });
  const header = h('header', { class: 'bar' },
    h('img', { class: 'bar-icon', src: 'icon.png', alt: '' }),
    search,
    h('div', { class: 'bar-actions' }, addButton, settingsButton, lockButton),
  );
  const list = h('ul', { id: 'account-list', class: 'accounts', attrs: { 'aria-label': t('codes.listLabel') } });
  const empty = h('div', { class: 'empty', id: 'codes-empty', attrs: { 'aria-live': 'polite' } });
  const hint = h('p', { class: 'keyboard-hint', id: 'keyboard-hint', text: t('codes.keyboardHint') });
  const main = h('div', { class: 'codes-view' }, header, h('main', {}, list, empty), hint);

  function label(a) {
    return accountLabel(a.issuer, a.account);
  }

  function rowFor(a) {
    // The row's accessible name carries the code, read digit by digit; the
    // grouped digits on screen are hidden from screen readers.
    const code = h('span', { class: 'code', data: { role: 'code' }, attrs: { 'aria-hidden': 'true' } });
    const next = h('span', { class: 'next', attrs: { 'aria-hidden': 'true' } });
    const ring = h('span', { class: 'ring', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'ring-seconds' }));
    const copy = h('button', {
      class: 'copy', text: t('codes.copy'),
      attrs: { 'aria-label': t('codes.copyLabel', { label: label(a) }) },
      on: { click: (e) => { e.stopPropagation(); copyAccount(a.id, copy); } },
    });
    const more = h('button', {
      class: 'more', text: '⋯',
      attrs: { 'aria-label': t('codes.moreLabel', { label: label(a) }), 'aria-haspopup': 'menu' },
      on: { click: (e) => { e.stopPropagation(); accountMenu(app, a, more, { index: accounts.findIndex((x) => x.id === a.id), count: accounts.length, refresh }); } },
    });
    const hotp = a.kind === 'hotp'
      ? h('button', {
        class: 'hotp-next', text: t('codes.hotpNext'),
        attrs: { 'aria-label': t('codes.hotpNextLabel', { label: label(a) }) },
        on: { click: async (e) => { e.stopPropagation(); await nextHotp(a.id); } },
      })
      : null;
    const li = h('li', {
      class: 'account', tabIndex: -1, data: { id: a.id },
      on: {
        click: () => copyAccount(a.id),
        keydown: (e) => rowKey(e, a.id),
        focus: () => select(a.id),
      },
    },
    h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' }, text: initial(a.issuer, a.account) }),
    h('span', { class: 'labels' },
      h('span', { class: 'issuer', text: a.issuer || a.account }),
      a.issuer && a.account ? h('span', { class: 'name', text: a.account }) : null),
    h('span', { class: 'codes' }, code, next),
    a.valid_until != null ? ring : null,
    h('span', { class: 'row-actions' }, hotp, copy, more));
    return { li, code, next, ring, copy, account: a };
  }

  function render() {
    const query = search.value;
    const shown = filter(accounts, query);
    clear(list);
    rows.clear();
    for (const a of shown) {
      const row = rowFor(a);
      rows.set(a.id, row);
      list.append(row.li);
    }
    clear(empty);
    if (accounts.length === 0) {
      empty.append(h('p', { class: 'empty-title', text: t('codes.empty') }), h('p', { text: t('codes.emptyHint') }));
    } else if (shown.length === 0) {
      empty.append(h('p', { text: t('codes.noMatch', { query }) }));
    }
    const first = shown[0];
    if (first && !shown.some((a) => a.id === selected)) selected = first.id;
    markSelected();
    tick();
  }

  let selected = highlight || (accounts[0] && accounts[0].id);

  function markSelected() {
    for (const [id, row] of rows) row.li.classList.toggle('selected', id === selected);
  }

  function select(id) {
    selected = id;
    markSelected();
  }

  /** Sets an attribute only when it changes, so a focused row's name is
   * not announced again every tick. */
  function setOnce(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function setText(el, value) {
    if (el.textContent !== value) el.textContent = value;
  }

  function tick() {
    const n = now();
    let stale = false;
    for (const row of rows.values()) {
      const a = row.account;
      setText(row.code, groupCode(a.code));
      if (a.valid_until == null) {
        setOnce(row.li, 'aria-label', t('codes.codeLabelHotp', { label: label(a), code: spokenCode(a.code) }));
        continue;
      }
      if (expired(a.valid_until, n)) stale = true;
      const seconds = displaySeconds(a.valid_until, n);
      const fraction = fractionLeft(a.valid_from, a.valid_until, n);
      row.ring.style.setProperty('--left', String(fraction));
      setText(row.ring.firstChild, String(seconds));
      row.ring.title = t('codes.secondsLeft', { seconds });
      const nextVisible = Boolean(a.next_code && showNext(a.valid_until, n, a.period));
      row.ring.classList.toggle('ending', nextVisible);
      if (nextVisible && !row.li.classList.contains('changing')) {
        row.next.replaceChildren(t('codes.nextLabel'), ' ', h('strong', { text: groupCode(a.next_code) }));
      } else if (!nextVisible && row.next.firstChild) {
        row.next.replaceChildren();
      }
      row.li.classList.toggle('changing', nextVisible);
      // The name changes with the code (and once when the next code shows),
      // never with the seconds.
      setOnce(row.li, 'aria-label', nextVisible
        ? t('codes.codeLabelNext', { label: label(a), code: spokenCode(a.code), next: spokenCode(a.next_code) })
        : t('codes.codeLabel', { label: label(a), code: spokenCode(a.code) }));
    }
    if (stale) refresh();
  }

  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const fresh = await app.api.codes();
      accounts = fresh.accounts;
      offset = clockOffset(fresh.now, Date.now() / 1000);
      const focusedId = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : null;
      render();
      if (focusedId && rows.has(focusedId)) rows.get(focusedId).li.focus();
    } catch (e) {
      if (e && e.kind === 'locked') app.locked('user');
    } finally {
      refreshing = false;
    }
  }

  async function copyAccount(id, button) {
    select(id);
    const row = rows.get(id);
    await copyCode(app, id, button || (row && row.copy));
  }

  async function nextHotp(id) {
    try {
      const updated = await app.api.nextHotp(id);
      accounts = accounts.map((a) => (a.id === id ? updated : a));
      render();
      if (rows.has(id)) rows.get(id).li.focus();
    } catch (e) {
      app.toast(app.errorText(e));
    }
  }

  function visibleIds() {
    return [...rows.keys()];
  }

  function move(delta) {
    const ids = visibleIds();
    if (ids.length === 0) return;
    let i = ids.indexOf(selected);
    i = i < 0 ? 0 : Math.min(ids.length - 1, Math.max(0, i + delta));
    rows.get(ids[i]).li.focus();
  }

  function rowKey(e, id) {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); move(1); } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (visibleIds().indexOf(id) === 0) search.focus(); else move(-1);
    } else if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); copyAccount(id); } else if (e.key === 'Escape') {
      search.focus();
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Type to search: the keystroke lands in the search box.
      search.focus();
    }
  }

  // A new search starts from its first match.
  search.addEventListener('input', () => { selected = null; render(); });
  search.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); move(selected && rows.has(selected) ? 0 : 1); } else if (e.key === 'Enter') {
      e.preventDefault();
      if (selected && rows.has(selected)) copyAccount(selected);
    } else if (e.key === 'Escape' && search.value) {
      e.preventDefault();
      search.value = '';
      selected = null;
      render();
    }
  });

  app.mount(main);
  render();
  const timer = setInterval(tick, TICK_MS);
  app.onUnmount(() => clearInterval(timer));
  app.codesView = { refresh, search };
  if (highlight && rows.has(highlight)) rows.get(highlight).li.focus(); else search.focus();
}
