// Light, dark or the OS's choice ("os" leaves it to the CSS media query),
// and the text size (標準 / 大 / 特大) every screen scales from.

export const TEXT_SIZES = ['normal', 'large', 'xlarge'];

export function applyTheme(theme) {
  const root = document.documentElement;
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  else delete root.dataset.theme;
}

export function applyTextSize(size) {
  const root = document.documentElement;
  if (size === 'large' || size === 'xlarge') root.dataset.textSize = size;
  else delete root.dataset.textSize;
}

/** Applies what of the saved settings changes how everything looks. */
export function applyLook(settings) {
  applyTheme(settings.theme);
  applyTextSize(settings.text_size);
}
