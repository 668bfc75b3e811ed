import * as vscode from 'vscode';
import { DevOutput } from '../../core/http/devOutput';
import { startDevProcess, type DevProcess } from '../../core/http/devProcess';

/**
 * `next dev` started from the panel: the app's dev script as a child process in its own process group,
 * shown in a VS Code terminal through a Pseudoterminal (the output as printed, colours included) and
 * kept in a DevOutput so the panel reads a 5xx's error with its stack. Ctrl+C in the terminal, Stop in
 * the panel, closing the terminal and disposing all end the process group.
 * Lifetime: from start until the process exited and the terminal is closed, or the extension ends.
 */
export class DevTerminal implements vscode.Disposable {
  readonly output = new DevOutput();
  readonly terminal: vscode.Terminal;
  private process: DevProcess | undefined;
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly exitEmitter = new vscode.EventEmitter<number | null>();
  /** Fires once when the dev process has exited (the terminal stays open with the exit line). */
  readonly onDidExit = this.exitEmitter.event;
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the user closed the terminal (the process is being stopped). */
  readonly onDidClose = this.closeEmitter.event;
  private closed = false;

  constructor(readonly appRoot: string, readonly command: string, name: string) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writeEmitter.event,
      open: () => this.open(),
      close: () => {
        this.closed = true;
        void this.stop();
        this.closeEmitter.fire();
      },
      handleInput: (data) => {
        // Ctrl+C stops the server as in a shell; other keys mean nothing to next dev.
        if (data.includes('\u0003')) void this.stop();
      },
    };
    this.terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('server-process') });
  }

  get running(): boolean {
    return !!this.process && !this.process.exited;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  private open(): void {
    if (this.process) return;
    this.write(`\x1b[2m> ${this.command}  (in ${this.appRoot})\x1b[0m\n`);
    this.process = startDevProcess({
      command: this.command,
      cwd: this.appRoot,
      // Colours as in a terminal; the panel strips them when it reads the output.
      env: { ...process.env, FORCE_COLOR: '1' },
      onOutput: (text) => {
        this.output.append(text);
        this.write(text);
      },
      onExit: (code, signal) => {
        this.write(`\n\x1b[2m[next dev ended${signal ? ` by ${signal}` : ` with exit code ${code}`}. Close this terminal or start it again from the panel.]\x1b[0m\n`);
        this.exitEmitter.fire(code);
      },
    });
  }

  /** Terminal text needs CR LF. */
  private write(text: string): void {
    if (!this.closed) this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  /** Ends the process group (SIGTERM, SIGKILL after 5 s); resolves when it has exited. */
  async stop(): Promise<void> {
    if (this.process && !this.process.exited) {
      this.write('\n\x1b[2m[stopping next dev…]\x1b[0m\n');
      await this.process.stop();
    }
  }

  /** Resolves when the dev process has exited (or never started). */
  whenExited(): Promise<void> {
    return this.process ? this.process.exit : Promise.resolve();
  }

  dispose(): void {
    void this.stop();
    this.terminal.dispose();
    this.writeEmitter.dispose();
    this.exitEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
