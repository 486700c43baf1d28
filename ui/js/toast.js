// The short confirmation at the bottom of the window ("Copied"), announced
// to screen readers through a polite live region.

let timer = null;

export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('visible');
  clearTimeout(timer);
  timer = setTimeout(() => {
    el.classList.remove('visible');
  }, 2200);
}
