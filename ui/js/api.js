// The one module that talks to the backend. Every other module calls these
// functions; nothing else touches window.__TAURI__. Errors come back as
// {kind, detail} objects (see src-tauri/src/error.rs).

const tauri = () => window.__TAURI__;

function invoke(command, args) {
  return tauri().core.invoke(command, args);
}

export const api = {
  status: () => invoke('status'),
  createVault: (password, confirm, remember) => invoke('create_vault', { request: { password, confirm, remember } }),
  unlockPassword: (password) => invoke('unlock_password', { password }),
  unlockKeyring: () => invoke('unlock_keyring'),
  lock: () => invoke('lock'),
  touch: () => invoke('touch'),
  codes: () => invoke('codes'),
  copyCode: (id) => invoke('copy_code', { id }),
  nextHotp: (id) => invoke('next_hotp', { id }),
  addManual: (form) => invoke('add_manual', { form }),
  scanScreen: () => invoke('scan_screen'),
  scanClipboard: () => invoke('scan_clipboard'),
  openImage: (title, filter) => invoke('open_image', { title, filter }),
  addFound: (token, indices) => invoke('add_found', { token, indices }),
  editAccount: (id, issuer, account) => invoke('edit_account', { names: { id, issuer, account } }),
  removeAccount: (id) => invoke('remove_account', { id }),
  moveAccount: (id, delta) => invoke('move_account', { id, delta }),
  settings: () => invoke('settings'),
  saveSettings: (settings) => invoke('save_settings', { settings }),
  changePassword: (current, password, confirm) => invoke('change_password', { request: { current, password, confirm } }),
  setKeyring: (on, password) => invoke('set_keyring', { on, password }),
  revealSetupKey: (id, password) => invoke('reveal_setup_key', { id, password }),
  activity: () => invoke('activity'),
  exportFile: (format, password, filePassword, fileConfirm, acknowledged, title) => invoke('export_file', { request: { format, password, filePassword, fileConfirm, acknowledged, title } }),
  exportGoogle: (password) => invoke('export_google', { password }),
  checkBackup: (password) => invoke('check_backup', { password }),
  importFile: (password, title) => invoke('import_file', { password, title }),
  importPassword: (filePassword) => invoke('import_password', { filePassword }),
  importCancel: () => invoke('import_cancel'),
  /** Calls `handler(payload)` on a backend event; returns an unlisten promise. */
  on: (event, handler) => tauri().event.listen(event, (e) => handler(e.payload)),
};
