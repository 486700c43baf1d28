// The import report in the reader's language (tested with node --test): the
// backend names formats and fields in English ("otpauth URI list", "period");
// these turn them into words from i18n/*.json and leave out zero counts
// ("2 件を追加しました" rather than "2 added, 0 skipped, 0 unreadable").

/** Format names that are more than a product name, by the name the
 * backend sends (crates/transfer's declarations); others are shown as is. */
const FORMATS = {
  'Omamori backup': 'backup',
  'otpauth URI list': 'otpauthList',
  'Google Authenticator transfer': 'google',
  'Google Authenticator database': 'googleDb',
  'Microsoft Authenticator database': 'microsoftDb',
  'Stratum / Authenticator Pro database': 'stratumDb',
  'FreeOTP 2 backup': 'freeotp2',
};

/** The format names this module translates (for the test that keeps it in
 * step with the crate). */
export const TRANSLATED_FORMATS = Object.keys(FORMATS);

/** A format's name for people. */
export function formatName(t, name) {
  return FORMATS[name] ? t(`report.format.${FORMATS[name]}`) : String(name ?? '');
}

const FIELDS = ['code', 'secret', 'type', 'algorithm', 'digits', 'period', 'counter', 'issuer', 'account'];

/** The names of differing fields ("code, period" → 「認証コード、更新間隔」). */
export function fieldNames(t, fields) {
  return (fields || []).map((f) => (FIELDS.includes(f) ? t(`report.field.${f}`) : f)).join(t('report.separator'));
}

/** Why an entry could not be read, from the crate's message. */
const REASONS = [
  [/no secret/i, 'missingSecret'],
  [/secret is not valid/i, 'invalidSecret'],
  [/accounts are not supported/i, 'unsupportedKind'],
  [/algorithm/i, 'algorithm'],
  [/digits/i, 'digits'],
  [/period/i, 'period'],
  [/counter/i, 'counter'],
];

export function rejectedReason(t, reason) {
  const found = REASONS.find(([pattern]) => pattern.test(String(reason ?? '')));
  return t(`report.reason.${found ? found[1] : 'other'}`);
}

/** 「Omamori のバックアップ：2 件を追加、1 件は追加済み」, zero counts left out. */
export function importCountsText(t, report) {
  const parts = [];
  if (report.added) parts.push(t('report.added', { count: report.added }));
  if (report.duplicates) parts.push(t('report.duplicates', { count: report.duplicates }));
  if (report.rejected) parts.push(t('report.rejected', { count: report.rejected }));
  const counts = parts.length ? parts.join(t('report.separator')) : t('report.nothing');
  return t('report.counts', { format: formatName(t, report.format), counts });
}
