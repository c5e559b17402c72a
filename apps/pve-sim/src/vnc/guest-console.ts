/** What the fake guest needs to know about its container. */
export interface GuestInfo {
  hostname(): string;
  /** e.g. `Debian GNU/Linux 12` */
  osName(): string;
  ipv4(): string | undefined;
  checkRootPassword(password: string): boolean;
}

type Phase = 'login' | 'password' | 'shell';

/**
 * A getty and a tiny shell, enough for a console that looks alive: a login prompt that checks the
 * container's real root password, echo of typed characters, and a few commands.
 */
export class GuestConsole {
  private phase: Phase = 'login';
  private line = '';
  private username = '';
  private readonly listeners: ((output: string) => void)[] = [];

  constructor(private readonly guest: GuestInfo) {}

  onOutput(listener: (output: string) => void): void {
    this.listeners.push(listener);
  }

  /** The greeting a fresh tty shows. */
  start(): void {
    this.emit(`\r\n${this.guest.osName()} ${this.guest.hostname()} tty1\r\n\r\n`);
    this.prompt();
  }

  /** Terminal input (keys as characters; `\r` is Enter, `\u007f` or `\b` is backspace). */
  input(data: string): void {
    for (const char of data) {
      if (char === '\r' || char === '\n') this.enter();
      else if (char === '\u007f' || char === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          if (this.phase !== 'password') this.emit('\b \b');
        }
      } else if (char === '\u0003') {
        this.line = '';
        this.emit('^C\r\n');
        this.prompt();
      } else if (char >= ' ') {
        this.line += char;
        if (this.phase !== 'password') this.emit(char);
      }
    }
  }

  private enter(): void {
    const line = this.line;
    this.line = '';
    this.emit('\r\n');
    if (this.phase === 'login') {
      if (line.trim() === '') return this.prompt();
      this.username = line.trim();
      this.phase = 'password';
      return this.prompt();
    }
    if (this.phase === 'password') {
      if (this.username === 'root' && this.guest.checkRootPassword(line)) {
        this.phase = 'shell';
        this.emit(
          `Linux ${this.guest.hostname()} 6.17.2-1-pve #1 SMP PREEMPT_DYNAMIC x86_64\r\n\r\n`,
        );
      } else {
        this.phase = 'login';
        this.emit('\r\nLogin incorrect\r\n');
      }
      return this.prompt();
    }
    this.runCommand(line.trim());
    this.prompt();
  }

  private runCommand(command: string): void {
    const [name] = command.split(/\s+/);
    switch (name) {
      case '':
        return;
      case 'hostname':
        return this.emit(`${this.guest.hostname()}\r\n`);
      case 'whoami':
        return this.emit('root\r\n');
      case 'ip':
      case 'ifconfig':
        return this.emit(`inet ${this.guest.ipv4() ?? '(no address)'}\r\n`);
      case 'uname':
        return this.emit('Linux\r\n');
      case 'exit':
      case 'logout':
        this.phase = 'login';
        return this.emit(`\r\n${this.guest.osName()} ${this.guest.hostname()} tty1\r\n\r\n`);
      default:
        return this.emit(`-bash: ${name}: command not found\r\n`);
    }
  }

  private prompt(): void {
    const host = this.guest.hostname();
    if (this.phase === 'login') this.emit(`${host} login: `);
    else if (this.phase === 'password') this.emit('Password: ');
    else this.emit(`root@${host}:~# `);
  }

  private emit(output: string): void {
    for (const listener of this.listeners) listener(output);
  }
}
