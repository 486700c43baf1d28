// Building DOM nodes without innerHTML: text always goes in as text, so an
// account name can never become markup.

/**
 * h('button', {class: 'x', text: 'Copy', attrs: {'aria-label': '…'},
 *   on: {click: fn}, data: {id: '…'}}, ...children)
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'attrs') for (const [a, v] of Object.entries(value)) { if (v !== undefined && v !== null && v !== false) el.setAttribute(a, v === true ? '' : String(v)); }
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'data') for (const [d, v] of Object.entries(value)) el.dataset[d] = v;
    else el[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
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
