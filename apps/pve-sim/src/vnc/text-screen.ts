import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './font';

export const COLUMNS = 80;
export const ROWS = 25;
/** Each character cell is 8x16 pixels: the 5x7 glyph doubled vertically, with a margin. */
export const CELL_WIDTH = 8;
export const CELL_HEIGHT = 16;
export const SCREEN_WIDTH = COLUMNS * CELL_WIDTH;
export const SCREEN_HEIGHT = ROWS * CELL_HEIGHT;

const FOREGROUND: [number, number, number] = [0xaa, 0xaa, 0xaa];
const BACKGROUND: [number, number, number] = [0x00, 0x00, 0x00];

/** A text-mode console (80x25) that renders itself to an RGB framebuffer, like a Linux tty. */
export class TextScreen {
  private readonly cells: string[][] = [];
  private cursorRow = 0;
  private cursorColumn = 0;
  private dirtyFrom = 0;
  private dirtyTo = ROWS - 1;

  constructor() {
    for (let row = 0; row < ROWS; row++) this.cells.push(new Array<string>(COLUMNS).fill(' '));
  }

  /** Writes terminal output: printable characters, CR, LF, backspace; other controls are ignored. */
  write(text: string): void {
    const startRow = this.cursorRow;
    let scrolled = false;
    for (const char of text) {
      if (char === '\r') this.cursorColumn = 0;
      else if (char === '\n') scrolled = this.lineFeed() || scrolled;
      else if (char === '\b') this.cursorColumn = Math.max(0, this.cursorColumn - 1);
      else if (char >= ' ' && char !== '\u007f') {
        if (this.cursorColumn >= COLUMNS) {
          this.cursorColumn = 0;
          scrolled = this.lineFeed() || scrolled;
        }
        this.cells[this.cursorRow][this.cursorColumn++] = char;
      }
    }
    if (scrolled) this.markDirty(0, ROWS - 1);
    else this.markDirty(Math.min(startRow, this.cursorRow), Math.max(startRow, this.cursorRow));
  }

  /** Backspace that also erases the character (what a tty echoes for DEL). */
  erase(): void {
    if (this.cursorColumn === 0) return;
    this.cursorColumn--;
    this.cells[this.cursorRow][this.cursorColumn] = ' ';
    this.markDirty(this.cursorRow, this.cursorRow);
  }

  clear(): void {
    for (const row of this.cells) row.fill(' ');
    this.cursorRow = 0;
    this.cursorColumn = 0;
    this.markDirty(0, ROWS - 1);
  }

  text(): string {
    return this.cells.map((row) => row.join('').trimEnd()).join('\n');
  }

  /** The rows changed since the last call, or undefined when nothing changed. */
  takeDirtyRows(): { from: number; to: number } | undefined {
    if (this.dirtyFrom > this.dirtyTo) return undefined;
    const range = { from: this.dirtyFrom, to: this.dirtyTo };
    this.dirtyFrom = ROWS;
    this.dirtyTo = -1;
    return range;
  }

  markAllDirty(): void {
    this.markDirty(0, ROWS - 1);
  }

  /** RGB pixels (3 bytes each) of the rows from..to, full width. */
  renderRows(from: number, to: number): Uint8Array {
    const height = (to - from + 1) * CELL_HEIGHT;
    const pixels = new Uint8Array(SCREEN_WIDTH * height * 3);
    for (let offset = 0; offset < pixels.length; offset += 3) pixels.set(BACKGROUND, offset);
    const plot = (x: number, y: number) => pixels.set(FOREGROUND, (y * SCREEN_WIDTH + x) * 3);
    for (let row = from; row <= to; row++) {
      const top = (row - from) * CELL_HEIGHT;
      for (let column = 0; column < COLUMNS; column++) {
        const left = column * CELL_WIDTH;
        glyphRows(this.cells[row][column]).forEach((mask, glyphRow) => {
          for (let bit = 0; bit < GLYPH_WIDTH; bit++) {
            if (!(mask & (1 << (GLYPH_WIDTH - 1 - bit)))) continue;
            plot(left + 1 + bit, top + 1 + glyphRow * 2);
            plot(left + 1 + bit, top + 2 + glyphRow * 2);
          }
        });
        if (row === this.cursorRow && column === this.cursorColumn) {
          for (let x = 0; x < CELL_WIDTH - 1; x++) plot(left + x, top + 1 + GLYPH_HEIGHT * 2);
        }
      }
    }
    return pixels;
  }

  private lineFeed(): boolean {
    if (this.cursorRow < ROWS - 1) {
      this.cursorRow++;
      return false;
    }
    this.cells.shift();
    this.cells.push(new Array<string>(COLUMNS).fill(' '));
    return true;
  }

  private markDirty(from: number, to: number): void {
    this.dirtyFrom = Math.min(this.dirtyFrom, from);
    this.dirtyTo = Math.max(this.dirtyTo, to);
  }
}
