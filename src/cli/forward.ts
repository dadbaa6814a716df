import type { RunCommand } from '../http/routes/internal-cli.ts';
import type { CliContext } from './context.ts';
import type { OpenedDatabase } from './open-database.ts';
import { runCli } from './program.ts';

/** Inside the server: runs a forwarded command line on the server's own database connection. */
export function forwardedRunner(database: OpenedDatabase, serverUrl: () => string): RunCommand {
  return async (argv, cwd) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const ctx: CliContext = {
      io: { out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false },
      cwd,
      forwarded: true,
      serverUrl: serverUrl(),
      openDatabase: async () => database,
    };
    const exitCode = await runCli(argv, ctx);
    return { exitCode, stdout: join(stdout), stderr: join(stderr) };
  };
}

function join(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** In another process: sends the command line to the server holding the data directory. */
export async function forwardToServer(
  server: { url: string; token: string },
  argv: string[],
  cwd: string,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const response = await fetch(`${server.url}/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rekindle-cli-token': server.token },
    body: JSON.stringify({ argv, cwd }),
  });
  if (!response.ok)
    throw new Error(`the running server answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { exitCode: number; stdout: string; stderr: string };
}
