import type { CheckView } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { provideAppIcons } from '../../../core/icons/app-icons';
import { CheckUpload, fieldMessages } from './check-upload';

function aCheck(overrides: Partial<CheckView> = {}): CheckView {
  return {
    id: 5,
    userId: 7,
    amountMinor: 2500,
    status: 'pending',
    fileName: 'receipt.png',
    fileMime: 'image/png',
    fileSize: 4,
    rejectReason: null,
    reviewedAt: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('fieldMessages', () => {
  it('sorts the API messages by the field they are about', () => {
    expect(
      fieldMessages([
        'amountMinor must be positive',
        'receipt: a receipt file is required (multipart/form-data)',
        'Something else',
      ]),
    ).toEqual({
      amount: ['amountMinor must be positive'],
      file: ['receipt: a receipt file is required (multipart/form-data)'],
      other: ['Something else'],
    });
  });
});

describe('CheckUpload', () => {
  let fixture: ComponentFixture<CheckUpload>;
  let httpMock: HttpTestingController;
  let uploaded: CheckView[];

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CheckUpload],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideAppIcons()],
    });
    httpMock = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CheckUpload);
    uploaded = [];
    fixture.componentInstance.uploaded.subscribe((check) => uploaded.push(check));
    URL.createObjectURL = jest.fn(() => 'blob:preview');
    URL.revokeObjectURL = jest.fn();
  });

  afterEach(() => httpMock.verify());

  const root = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const query = <T extends HTMLElement = HTMLElement>(testId: string): T | null =>
    root().querySelector<T>(`[data-testid="${testId}"]`);

  function typeAmount(text: string): void {
    const input = query<HTMLInputElement>('check-amount');
    if (!input) throw new Error('no amount input');
    input.value = text;
    input.dispatchEvent(new Event('input'));
  }

  function dropFile(file: File): void {
    const event = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', {
      value: { files: { item: () => file, length: 1 }, dropEffect: 'none' },
    });
    query('check-drop-zone')?.dispatchEvent(event);
  }

  async function submit(): Promise<void> {
    query<HTMLButtonElement>('check-submit')?.click();
    await fixture.whenStable();
  }

  it('validates before sending: amount and file are required', async () => {
    await fixture.whenStable();
    await submit();

    expect(query('check-amount-error')?.textContent).toContain('Enter the amount you paid.');
    expect(query('check-file-error')?.textContent).toContain('Choose the receipt');
    httpMock.expectNone('/api/billing/checks');
  });

  it('refuses a file of the wrong type as soon as it is dropped', async () => {
    await fixture.whenStable();
    dropFile(new File(['GIF89a'], 'cat.gif', { type: 'image/gif' }));
    await fixture.whenStable();

    expect(query('check-file-error')?.textContent).toContain('cat.gif is not a JPEG');
    expect(query('check-file-name')?.textContent).toContain('cat.gif');
  });

  it('previews an image, shows a PDF by name and size', async () => {
    await fixture.whenStable();
    dropFile(new File(['png'], 'receipt.png', { type: 'image/png' }));
    await fixture.whenStable();
    expect(query<HTMLImageElement>('check-preview')?.src).toBe('blob:preview');

    query<HTMLButtonElement>('check-remove-file')?.click();
    await fixture.whenStable();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:preview');

    dropFile(new File(['%PDF-1.4'], 'statement.pdf', { type: 'application/pdf' }));
    await fixture.whenStable();
    expect(query('check-preview')).toBeNull();
    expect(query('check-file')?.textContent).toContain('statement.pdf');
    expect(query('check-file')?.textContent).toContain('PDF · 8 B');
  });

  it('sends amount and file as multipart and resets after success', async () => {
    await fixture.whenStable();
    typeAmount('25.00');
    dropFile(new File(['png'], 'receipt.png', { type: 'image/png' }));
    await fixture.whenStable();
    await submit();

    const request = httpMock.expectOne('/api/billing/checks');
    expect(request.request.method).toBe('POST');
    const body = request.request.body as FormData;
    expect(body.get('amountMinor')).toBe('2500');
    expect((body.get('receipt') as File).name).toBe('receipt.png');
    request.flush(aCheck());
    await fixture.whenStable();

    expect(uploaded).toEqual([aCheck()]);
    expect(query<HTMLInputElement>('check-amount')?.value).toBe('');
    expect(query('check-file')).toBeNull();
  });

  it("shows the API's field messages beside the fields", async () => {
    await fixture.whenStable();
    typeAmount('25');
    dropFile(new File(['not really'], 'fake.png', { type: 'image/png' }));
    await fixture.whenStable();
    await submit();

    httpMock.expectOne('/api/billing/checks').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: ['receipt: the file is not a JPEG, PNG, WebP image or PDF'],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    expect(query('check-file-error')?.textContent).toContain('the file is not a JPEG');
    expect(uploaded).toEqual([]);
  });
});
