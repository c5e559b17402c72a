import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';

import { aServer, anOperation } from '../../../../../testing/server-fixtures';
import { Toast } from '../../../../core/errors/toast';
import { provideAppIcons } from '../../../../core/icons/app-icons';
import { Confirmation } from '../../../../shared/confirm-dialog/confirm-dialog';
import { ServerStore } from '../../data/server-store';
import { ServerResize, changedResources } from './resize';

describe('ServerResize', () => {
  let fixture: ComponentFixture<ServerResize>;
  let httpMock: HttpTestingController;
  let store: ServerStore;
  let confirmation: { ask: jest.Mock };

  beforeEach(async () => {
    confirmation = { ask: jest.fn(() => of({ option: false })) };
    TestBed.configureTestingModule({
      imports: [ServerResize],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
        ServerStore,
        { provide: Confirmation, useValue: confirmation },
        { provide: Toast, useValue: { showError: jest.fn(), showInfo: jest.fn() } },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    store = TestBed.inject(ServerStore);
    store.follow(aServer({ cores: 1, memoryMb: 1024, diskGb: 20, priceMonthlyMinor: 500 }));
    fixture = TestBed.createComponent(ServerResize);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function byTestId<T extends HTMLElement = HTMLElement>(testId: string): T {
    const element = (fixture.nativeElement as HTMLElement).querySelector<T>(
      `[data-testid="${testId}"]`,
    );
    if (!element) throw new Error(`No element with data-testid="${testId}"`);
    return element;
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(testId);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    byTestId<HTMLButtonElement>('resize-submit').click();
    await fixture.whenStable();
  }

  it('starts from the current size', () => {
    expect(byTestId<HTMLInputElement>('resize-cores').value).toBe('1');
    expect(byTestId<HTMLInputElement>('resize-memory').value).toBe('1024');
    expect(byTestId<HTMLInputElement>('resize-disk').value).toBe('20');
  });

  it('refuses a smaller disk without calling the API', async () => {
    await type('resize-disk', '10');
    await submit();

    expect(byTestId('resize-disk-error').textContent).toContain(
      'Disks cannot shrink: keep at least 20 GB',
    );
    expect(confirmation.ask).not.toHaveBeenCalled();
    httpMock.expectNone('/api/server/4/resize');
  });

  it('sends only what changed, after confirming, and shows the new monthly price', async () => {
    await type('resize-cores', '2');
    await type('resize-disk', '40');
    await submit();

    expect(confirmation.ask).toHaveBeenCalledWith(
      expect.objectContaining({
        message: expect.stringContaining('Cores: 1 → 2\nDisk: 20 GB → 40 GB'),
      }),
    );
    const request = httpMock.expectOne('/api/server/4/resize');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ cores: 2, diskGb: 40 });
    request.flush({
      server: aServer({ diskGb: 20, activeOperation: anOperation('resize') }),
      operation: anOperation('resize'),
      priceMonthlyMinor: 1_150,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();

    expect(byTestId('resize-price').textContent).toContain('$11.50');
    expect(byTestId<HTMLButtonElement>('resize-submit').disabled).toBe(true);
  });

  it('says when nothing would change', async () => {
    await submit();

    expect(byTestId('resize-nothing').textContent).toContain('change at least one');
    expect(confirmation.ask).not.toHaveBeenCalled();
  });

  it('changedResources leaves out unchanged values', () => {
    const server = { cores: 2, memoryMb: 2048, diskGb: 40 };
    expect(changedResources(server, { cores: 2, memoryMb: 4096, diskGb: 40 })).toEqual({
      memoryMb: 4096,
    });
    expect(changedResources(server, { cores: 2, memoryMb: 2048, diskGb: 40 })).toEqual({});
  });
});
