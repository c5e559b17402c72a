import { RECEIPT_MAX_BYTES, RECEIPT_TYPES, type ReceiptType } from '@hostdeck/contracts';

import { formatBytes } from '../../../shared/format/units';

/** What the file picker offers; the API still judges the file by its content. */
export const RECEIPT_ACCEPT = RECEIPT_TYPES.join(',');

/** The largest amount the API accepts, in minor units. */
export const MAX_CHECK_AMOUNT_MINOR = 100_000_000;

/** Why a receipt file is refused before it is sent, or null when it may be uploaded. */
export function receiptFileProblem(file: File | null): string | null {
  if (file === null) return 'Choose the receipt: a photo, a scan or a PDF.';
  if (!(RECEIPT_TYPES as readonly string[]).includes(file.type)) {
    return `${file.name} is not a JPEG, PNG, WebP image or a PDF.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > RECEIPT_MAX_BYTES) {
    return `${file.name} is ${formatBytes(file.size)}; receipts may be at most ${formatBytes(RECEIPT_MAX_BYTES)}.`;
  }
  return null;
}

export function isImageReceipt(file: File): boolean {
  return file.type.startsWith('image/') && (RECEIPT_TYPES as readonly string[]).includes(file.type);
}

export function isReceiptType(type: string): type is ReceiptType {
  return (RECEIPT_TYPES as readonly string[]).includes(type);
}

export type AmountParse = { amountMinor: number } | { problem: string };

/**
 * The amount typed in major units ("12", "12.5", "1,234.56") as integer minor units (cents),
 * or why it cannot be used.
 */
export function parseAmount(text: string): AmountParse {
  const value = text.trim().replace(/[\s,]/g, '');
  if (value === '') return { problem: 'Enter the amount you paid.' };
  if (!/^\d+(\.\d{1,2})?$/.test(value)) {
    return { problem: 'Enter the amount as a number with at most two decimals, e.g. 25.00.' };
  }
  const [whole = '0', fraction = ''] = value.split('.');
  const amountMinor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (amountMinor < 1) return { problem: 'The amount must be more than zero.' };
  if (amountMinor > MAX_CHECK_AMOUNT_MINOR) {
    return { problem: 'That is more than a single check may be (1,000,000.00).' };
  }
  return { amountMinor };
}
