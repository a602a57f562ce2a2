const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/** Lowercase and trimmed: how e-mails are stored. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The key e-mails are matched on: the normalised address, and for Gmail without dots or a
 * `+tag` in the local part (Gmail delivers all those spellings to one mailbox).
 */
export function emailMatchKey(email: string): string {
  const normalised = normaliseEmail(email);
  const at = normalised.lastIndexOf('@');
  if (at < 1) return normalised;
  const domain = normalised.slice(at + 1);
  if (!GMAIL_DOMAINS.has(domain)) return normalised;
  const local = normalised.slice(0, at).split('+')[0].replace(/\./g, '');
  return `${local}@gmail.com`;
}

/**
 * E.164-ish phone key: separators dropped, a leading `00` read as `+`. Numbers that do not look
 * like a phone number (fewer than 6 or more than 15 digits) are not used to match.
 */
export function phoneMatchKey(phone: string): string | undefined {
  const compact = phone.trim().replace(/[\s\-()./]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return /^\+?\d{6,15}$/.test(international) ? international : undefined;
}
