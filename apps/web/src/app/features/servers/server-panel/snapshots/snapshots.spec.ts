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
import { ServerSnapshots } from './snapshots';

const NIGHTLY = {
  name: 'nightly',
  description: 'Every night',
  parent: null,
  createdAt: '2026-02-01T01:00:00.000Z',
};

describe('ServerSnapshots', () => {
  let fixture: ComponentFixture<ServerSnapshots>;
  let httpMock: HttpTestingController;
  let confirmation: { ask: jest.Mock };

  beforeEach(async () => {
    confirmation = { ask: jest.fn(() => of({ option: false })) };
    TestBed.configureTestingModule({
      imports: [ServerSnapshots],
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
    TestBed.inject(ServerStore).follow(aServer());
    fixture = TestBed.createComponent(ServerSnapshots);
    await fixture.whenStable();
    httpMock.expectOne('/api/server/4/snapshots').flush([NIGHTLY]);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function query<T extends HTMLElement = HTMLElement>(testId: string): T | null {
    return (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);
  }

  async function createSnapshot(name: string): Promise<void> {
    const input = query<HTMLInputElement>('snapshot-name-input');
    if (!input) throw new Error('no name input');
    input.value = name;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    query<HTMLButtonElement>('snapshot-create')?.click();
    await fixture.whenStable();
  }

  it('lists the snapshots', () => {
    expect(query('snapshot-row-nightly')?.textContent).toContain('Every night');
  });

  it.each([
    ['current', 'reserved by Proxmox'],
    ['1st', 'Start with a letter'],
    ['x', 'Start with a letter'],
    ['Nightly', 'already exists'],
    ['', 'Give the snapshot a name'],
  ])('refuses %j before calling the API', async (name, message) => {
    await createSnapshot(name);

    expect(query('snapshot-name-error')?.textContent).toContain(message);
    httpMock.expectNone((request) => request.method === 'POST');
  });

  it('takes a snapshot and reloads the list when it is done', async () => {
    await createSnapshot('before-upgrade');
    // From here on the store's 1 s polling runs on fake timers (and so without whenStable).
    jest.useFakeTimers();
    try {
      const request = httpMock.expectOne('/api/server/4/snapshots');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ name: 'before-upgrade' });
      request.flush({
        server: aServer({ activeOperation: anOperation('snapshot-create') }),
        operation: anOperation('snapshot-create'),
      });
      for (let i = 0; i < 5; i++) await Promise.resolve();
      fixture.detectChanges();
      expect(query<HTMLInputElement>('snapshot-name-input')?.value).toBe('');

      jest.advanceTimersByTime(ServerStore.pollIntervalMs);
      httpMock.expectOne('/api/server/4').flush(aServer());
      fixture.detectChanges();
      httpMock
        .expectOne('/api/server/4/snapshots')
        .flush([NIGHTLY, { ...NIGHTLY, name: 'before-upgrade', description: '' }]);
      fixture.detectChanges();

      expect(query('snapshot-row-before-upgrade')).not.toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('deletes a snapshot after confirming', async () => {
    query<HTMLButtonElement>('snapshot-delete-nightly')?.click();
    await fixture.whenStable();

    expect(confirmation.ask).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Delete nightly?', isDanger: true }),
    );
    const request = httpMock.expectOne('/api/server/4/snapshots?name=nightly');
    expect(request.request.method).toBe('DELETE');
    request.flush({
      server: aServer({ activeOperation: anOperation('snapshot-delete') }),
      operation: anOperation('snapshot-delete'),
    });
  });

  it('does nothing when the restore is not confirmed', async () => {
    confirmation.ask.mockReturnValue(of(null));
    query<HTMLButtonElement>('snapshot-restore-nightly')?.click();
    await fixture.whenStable();

    httpMock.expectNone('/api/server/4/snapshots/rollback');
  });
});
