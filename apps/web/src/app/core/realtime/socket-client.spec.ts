import { SOCKET_PATH } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { aLoginResponse, aUser, storeTokens } from '../../../testing/auth-fixtures';
import { FakeSocketFactory, provideFakeSocket } from '../../../testing/socket-fixtures';
import { SessionStore } from '../auth/session-store';
import { SocketClient } from './socket-client';

describe('SocketClient', () => {
  let sut: SocketClient;
  let session: SessionStore;
  let sockets: FakeSocketFactory;
  let httpMock: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    sockets = new FakeSocketFactory();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideFakeSocket(sockets),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
    storeTokens('1');
    session.updateUser(aUser());
    sut = TestBed.inject(SocketClient);
    TestBed.tick();
  });

  afterEach(() => httpMock.verify());

  it('connects on the socket path with the access token', () => {
    expect(sockets.sockets).toHaveLength(1);
    expect(sockets.latest?.options.path).toBe(SOCKET_PATH);
    expect(sockets.latest?.handshakeToken()).toBe('access-1');
    expect(sut.state()).toBe('connecting');

    sockets.latest?.acceptConnection();
    expect(sut.state()).toBe('connected');
  });

  it('delivers server events to listeners until they unsubscribe', () => {
    const received: number[] = [];
    const stop = sut.on('server-stats', (event) => received.push(event.serverId));

    sockets.latest?.serverSends('server-stats', { serverId: 4 });
    stop();
    sockets.latest?.serverSends('server-stats', { serverId: 5 });

    expect(received).toEqual([4]);
  });

  it('re-subscribes servers after a reconnect', () => {
    sut.subscribeServer(4);
    sockets.latest?.acceptConnection();

    expect(sockets.latest?.emitted.map((item) => item.event)).toEqual([
      'subscribe-server',
      'subscribe-server',
    ]);
  });

  it('reconnects with the fresh token after a refresh and disconnects on logout', () => {
    const first = sockets.latest;
    session.refreshAccessToken().subscribe();
    httpMock.expectOne('/api/auth/refresh').flush(aLoginResponse('2'));
    TestBed.tick();

    expect(first?.connected).toBe(false);
    expect(sockets.sockets).toHaveLength(2);
    expect(sockets.latest?.handshakeToken()).toBe('access-2');

    session.clear();
    TestBed.tick();
    expect(sockets.latest?.active).toBe(false);
    expect(sut.state()).toBe('disconnected');
  });

  it('refreshes the session when the handshake is refused, then reconnects', () => {
    sockets.latest?.refuseConnection('unauthorized: the access token is invalid or expired');
    httpMock.expectOne('/api/auth/refresh').flush(aLoginResponse('3'));
    TestBed.tick();

    expect(sockets.sockets).toHaveLength(2);
    expect(sockets.latest?.handshakeToken()).toBe('access-3');
  });
});
