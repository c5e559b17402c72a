/**
 * Jest stand-in for `@novnc/novnc`: the real package is ESM with a top-level await, which
 * Jest's CommonJS runtime cannot load. Specs that need the console drive this fake instead.
 */
export default class RFB extends EventTarget {
  scaleViewport = false;
  resizeSession = false;
  viewOnly = false;
  readonly disconnect = jest.fn();
  readonly sendCtrlAltDel = jest.fn();
  readonly focus = jest.fn();

  constructor(
    readonly target: HTMLElement,
    readonly url: string,
    readonly options?: unknown,
  ) {
    super();
  }
}
