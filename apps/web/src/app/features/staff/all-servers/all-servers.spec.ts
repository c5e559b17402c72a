import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';

import { aServer } from '../../../../testing/server-fixtures';
import { provideAppIcons } from '../../../core/icons/app-icons';
import { AllServers, knownNodes } from './all-servers';

describe('knownNodes', () => {
  it('keeps every node seen so far, and the selected one, sorted', () => {
    const servers = [aServer({ node: 'pve3' }), aServer({ node: null }), aServer({ node: 'pve1' })];
    expect(knownNodes([], servers, 'all')).toEqual(['pve1', 'pve3']);
    // A list filtered to pve2 still offers the others.
    expect(knownNodes(['pve1', 'pve3'], [aServer({ node: 'pve2' })], 'pve2')).toEqual([
      'pve1',
      'pve2',
      'pve3',
    ]);
    expect(knownNodes([], [], 'pve9')).toEqual(['pve9']);
  });
});

describe('AllServers', () => {
  let fixture: ComponentFixture<AllServers>;
  let httpMock: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AllServers],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
        provideNoopAnimations(),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AllServers);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  it('asks the API for one node when the node filter is set', async () => {
    httpMock
      .expectOne('/api/server')
      .flush([aServer({ id: 1, node: 'pve1' }), aServer({ id: 2, node: 'pve2' })]);
    await fixture.whenStable();

    (fixture.componentInstance as unknown as { setNode(node: string): void }).setNode('pve2');
    httpMock.expectOne('/api/server?node=pve2').flush([aServer({ id: 2, node: 'pve2' })]);
    await fixture.whenStable();

    const rows = (fixture.nativeElement as HTMLElement).querySelectorAll(
      '[data-testid^="staff-server-"]',
    );
    expect([...rows].map((row) => row.getAttribute('data-testid'))).toEqual(['staff-server-2']);
  });
});
