import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const sut = () => new CircuitBreaker(3, 1000, () => now);

  beforeEach(() => (now = 0));

  it('stays closed below the threshold', () => {
    const breaker = sut();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after consecutive failures and refuses calls', () => {
    const breaker = sut();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('lets one trial through after the cooldown and closes on success', () => {
    const breaker = sut();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    now = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('reopens when the trial fails', () => {
    const breaker = sut();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    now = 1500;
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    now = 2400;
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('a success resets the count', () => {
    const breaker = sut();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });
});
