import { RECEIPT_MAX_BYTES } from '@hostdeck/contracts';

import { isImageReceipt, parseAmount, receiptFileProblem } from './receipt-rules';

function aFile(name: string, type: string, size: number): File {
  const file = new File(['x'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

describe('parseAmount', () => {
  it('turns major units into integer minor units', () => {
    expect(parseAmount('25')).toEqual({ amountMinor: 2500 });
    expect(parseAmount(' 12.5 ')).toEqual({ amountMinor: 1250 });
    expect(parseAmount('1,234.56')).toEqual({ amountMinor: 123_456 });
    expect(parseAmount('0.01')).toEqual({ amountMinor: 1 });
  });

  it('refuses empty, zero, negative, over-precise and too large amounts', () => {
    expect(parseAmount('')).toEqual({ problem: 'Enter the amount you paid.' });
    expect(parseAmount('0')).toEqual({ problem: 'The amount must be more than zero.' });
    expect(parseAmount('-5')).toHaveProperty('problem');
    expect(parseAmount('1.005')).toHaveProperty('problem');
    expect(parseAmount('ten')).toHaveProperty('problem');
    expect(parseAmount('1000000.01')).toHaveProperty('problem');
    expect(parseAmount('1000000')).toEqual({ amountMinor: 100_000_000 });
  });
});

describe('receiptFileProblem', () => {
  it('asks for a file when there is none', () => {
    expect(receiptFileProblem(null)).toContain('Choose the receipt');
  });

  it('accepts images and PDFs up to the limit', () => {
    expect(receiptFileProblem(aFile('r.png', 'image/png', 1000))).toBeNull();
    expect(receiptFileProblem(aFile('r.pdf', 'application/pdf', RECEIPT_MAX_BYTES))).toBeNull();
  });

  it('refuses other types, empty files and files over the limit', () => {
    expect(receiptFileProblem(aFile('r.gif', 'image/gif', 10))).toContain('is not a JPEG');
    expect(receiptFileProblem(aFile('r.txt', 'text/plain', 10))).toContain('is not a JPEG');
    expect(receiptFileProblem(aFile('r.png', 'image/png', 0))).toContain('is empty');
    expect(receiptFileProblem(aFile('big.pdf', 'application/pdf', RECEIPT_MAX_BYTES + 1))).toContain(
      'at most 5 MB',
    );
  });

  it('tells images (previewed) from PDFs (named)', () => {
    expect(isImageReceipt(aFile('r.webp', 'image/webp', 10))).toBe(true);
    expect(isImageReceipt(aFile('r.pdf', 'application/pdf', 10))).toBe(false);
  });
});
