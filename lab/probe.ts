/**
 * What a TCP probe saw, and waiting for a line from a started process (the gateway lab's
 * listener says when it listens). The twin's listeners and connects are one process per run:
 * `probe-agent.ts`.
 */
import { ChildProcess } from "node:child_process";

/** `open`, `refused`, `unreachable`, `timeout`, or `error:CODE`. */
export type ConnectResult = "open" | "refused" | "unreachable" | "timeout" | string;

/** Whether `child` prints the line `line` before it exits and within `timeoutMs`. */
export function lineOrExit(child: ChildProcess, line: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let out = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume(); // keep draining: the process may write more
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.split("\n").some((l) => l.trim() === line)) done(true);
    });
    child.on("exit", () => done(out.split("\n").some((l) => l.trim() === line)));
  });
}
