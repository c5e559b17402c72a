import { desEncryptBlock, vncAuthResponse } from '../vnc/des';
import { hashPassword, looksLikeCryptHash, sha512Crypt, verifyPassword } from './sha512-crypt';

describe('sha512Crypt', () => {
  it('matches the reference vectors of the SHA-crypt specification', () => {
    expect(sha512Crypt('Hello world!', 'saltstring')).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
    expect(sha512Crypt('Hello world!', 'saltstringsaltstring', 10000)).toBe(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
  });

  it('hashes with a random salt and verifies', () => {
    const hash = hashPassword('s3cret!');
    expect(hash).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(hashPassword('s3cret!')).not.toBe(hash);
    expect(verifyPassword('s3cret!', hash)).toBe(true);
    expect(verifyPassword('wrong', hash)).toBe(false);
    expect(looksLikeCryptHash(hash)).toBe(true);
    expect(looksLikeCryptHash('plain')).toBe(false);
  });
});

describe('DES', () => {
  it('encrypts the FIPS/textbook test vectors', () => {
    const encrypt = (key: string, block: string) =>
      desEncryptBlock(Buffer.from(key, 'hex'), Buffer.from(block, 'hex')).toString('hex');
    expect(encrypt('133457799BBCDFF1', '0123456789ABCDEF')).toBe('85e813540f0ab405');
    expect(encrypt('0E329232EA6D0D73', '8787878787878787')).toBe('0000000000000000');
  });

  it('computes the VNC authentication response with bit-reversed key bytes', () => {
    // Key "password" bit-reversed per byte = 0E 86 CE CE EE F6 4E 26.
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const expected = Buffer.concat([
      desEncryptBlock(Buffer.from('0e86ceceeef64e26', 'hex'), challenge.subarray(0, 8)),
      desEncryptBlock(Buffer.from('0e86ceceeef64e26', 'hex'), challenge.subarray(8)),
    ]);
    expect(vncAuthResponse('password', challenge).equals(expected)).toBe(true);
    // Only the first 8 characters count.
    expect(vncAuthResponse('password-and-more', challenge).equals(expected)).toBe(true);
  });
});
