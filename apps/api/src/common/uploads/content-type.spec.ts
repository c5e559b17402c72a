import { cleanFileName, judgeAttachment, sniffContentType } from './content-type';

const bytes = (...values: number[]) => Buffer.from(values);
const PNG = Buffer.concat([
  bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  Buffer.alloc(16),
]);
const JPEG = Buffer.concat([bytes(0xff, 0xd8, 0xff, 0xe0), Buffer.alloc(16)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), bytes(1, 2, 3, 4), Buffer.from('WEBPVP8 ')]);
const PDF = Buffer.from('%PDF-1.7\n%…\n');
const ELF = Buffer.concat([bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), Buffer.alloc(32)]);

describe('sniffContentType', () => {
  it.each([
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['GIF', GIF, 'image/gif'],
    ['WebP', WEBP, 'image/webp'],
    ['PDF', PDF, 'application/pdf'],
    ['UTF-8 text', Buffer.from('Grüße\r\n\tfrom the log ✓\n'), 'text/plain'],
    ['text with ANSI colours', Buffer.from('\u001b[31merror\u001b[0m\n'), 'text/plain'],
  ])('recognises %s by its bytes', (_name, data, type) => {
    expect(sniffContentType(data)).toBe(type);
  });

  it.each([
    ['an executable', ELF],
    ['an empty file', Buffer.alloc(0)],
    ['invalid UTF-8', bytes(0x61, 0xc3, 0x28)],
    ['text with NUL bytes', Buffer.from('abc\u0000def')],
    [
      'a RIFF that is not WebP',
      Buffer.concat([Buffer.from('RIFF'), bytes(1, 2, 3, 4), Buffer.from('AVI ')]),
    ],
  ])('refuses %s', (_name, data) => {
    expect(sniffContentType(data)).toBeNull();
  });
});

describe('judgeAttachment', () => {
  it('accepts content that matches its name, or a binary type without a known extension', () => {
    expect(judgeAttachment('shot.PNG', PNG)).toEqual({ isAccepted: true, mimeType: 'image/png' });
    expect(judgeAttachment('photo.jpeg', JPEG)).toEqual({
      isAccepted: true,
      mimeType: 'image/jpeg',
    });
    expect(judgeAttachment('scan', PDF)).toEqual({ isAccepted: true, mimeType: 'application/pdf' });
    expect(judgeAttachment('nginx.log', Buffer.from('ok\n'))).toEqual({
      isAccepted: true,
      mimeType: 'text/plain',
    });
    expect(judgeAttachment('Dockerfile', Buffer.from('FROM node\n'))).toMatchObject({
      isAccepted: true,
    });
  });

  it('refuses a name that promises another type', () => {
    expect(judgeAttachment('invoice.pdf', ELF)).toMatchObject({ isAccepted: false });
    expect(judgeAttachment('report.pdf', PNG)).toMatchObject({
      isAccepted: false,
      reason: expect.stringContaining('.pdf'),
    });
    expect(judgeAttachment('image.png', Buffer.from('hello'))).toMatchObject({ isAccepted: false });
    expect(judgeAttachment('notes.txt', PNG)).toMatchObject({ isAccepted: false });
  });

  it('refuses text under names a browser or OS would run or render', () => {
    for (const name of ['page.html', 'icon.svg', 'app.js', 'run.bat', 'x.exe']) {
      expect([name, judgeAttachment(name, Buffer.from('<b>hi</b>')).isAccepted]).toEqual([
        name,
        false,
      ]);
    }
  });
});

describe('cleanFileName', () => {
  it('keeps the base name only, without control or header-breaking characters', () => {
    expect(cleanFileName('C:\\Users\\me\\shot.png')).toBe('shot.png');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a"b\r\n.png')).toBe('a_b__.png');
    expect(cleanFileName('.hidden')).toBe('hidden');
    expect(cleanFileName('')).toBe('attachment');
    expect(cleanFileName(`${'x'.repeat(300)}.png`)).toHaveLength(200);
  });
});
