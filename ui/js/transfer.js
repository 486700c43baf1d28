// Pure helpers of the backup & move screens (tested with node --test):
// what an export format asks for, and how reports read.

/** What the export dialog asks for a format. */
export function exportNeeds(format) {
  return {
    filePassword: format === 'backup' || format === 'aegis',
    acknowledge: format === 'uri' || format === 'html',
  };
}

/** The import verification at a glance. */
export function importSummary(report) {
  return {
    allVerified: report.verified === report.checked && report.not_verified.length === 0,
    flagged: report.not_verified.length,
  };
}

/** A backup check at a glance. */
export function backupSummary(check) {
  return {
    ok: check.matching === check.total && !check.missing.length && !check.extra.length && !check.different.length,
  };
}

/** Why an account was left out of a Google transfer export, in words. */
export function unexportedText(t, item) {
  return t(`transfer.unexported.${item.reason}`, { value: item.value });
}
