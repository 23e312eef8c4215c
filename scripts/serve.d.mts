// Types of scripts/serve.mjs for the TypeScript tests that import it.
import type { Server } from 'node:http';

export interface Mount {
  prefix: string;
  dir: string;
  headers?: Record<string, string>;
}
export function createStaticServer(mounts: Mount[]): Server;
export function listen(server: Server, port?: number, host?: string): Promise<string>;
export function demoMounts(root?: string): Mount[];
